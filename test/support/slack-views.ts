/** Reading what a person sees in a message or modal, for assertions. */

type Json = Record<string, unknown>;

export function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

/** The initial value of a modal input, found by its label as a person would. */
export function initialValueOf(view: { blocks: unknown[] } | undefined, label: string): unknown {
  const block = (view?.blocks as Json[] | undefined)?.find(
    (b) => b.type === "input" && (b.label as Json | undefined)?.text === label,
  );
  if (!block) throw new Error(`no input labelled ${label}`);
  const element = block.element as Json;
  return (
    element.initial_value ??
    element.initial_date ??
    element.initial_time ??
    element.initial_user ??
    (element.initial_option as Json | undefined)?.value ??
    undefined
  );
}

/** The header text of a message's first header block. */
export function headerOf(blocks: unknown): string | undefined {
  const header = (blocks as Json[] | undefined)?.find((b) => b.type === "header");
  return (header?.text as Json | undefined)?.text as string | undefined;
}

import { optionalString, requireString, viewArg } from "../args.ts";
import { type BlockKitProblem, validateView } from "../block-kit-validator.ts";
import { blockProblemsError, invalidArguments } from "../errors.ts";
import { toSlackView } from "../store.ts";
import type { MethodHandler } from "./context.ts";

/** Slack reports view problems relative to the `view` argument. */
function checkView(view: Record<string, unknown>, expectedType: "modal" | "home" | undefined): void {
  const problems: BlockKitProblem[] = validateView(view).map((p) => ({ ...p, pointer: `/view${p.pointer}` }));
  if (problems.length > 0) throw blockProblemsError("invalid_arguments", problems);
  if (expectedType && view.type !== expectedType) {
    throw invalidArguments(`must be a ${expectedType} view [json-pointer:/view/type]`);
  }
}

function triggerArg(args: Record<string, unknown>): string | undefined {
  return optionalString(args, "trigger_id") ?? optionalString(args, "interactivity_pointer");
}

export const open: MethodHandler = (args, { store }) => {
  const view = viewArg(args);
  checkView(view, "modal");
  const trigger = store.exchangeTrigger(triggerArg(args));
  return { view: toSlackView(store.openModal(trigger.user_id, view)) };
};

export const push: MethodHandler = (args, { store }) => {
  const view = viewArg(args);
  checkView(view, "modal");
  const trigger = store.exchangeTrigger(triggerArg(args));
  return { view: toSlackView(store.pushModal(trigger.user_id, view)) };
};

export const update: MethodHandler = (args, { store }) => {
  const viewId = optionalString(args, "view_id");
  const externalId = optionalString(args, "external_id");
  if (!viewId && !externalId) throw invalidArguments("either view_id or external_id is required");
  const view = viewArg(args);
  checkView(view, undefined);
  const target = viewId ? store.view(viewId) : store.findViewByExternalId(externalId!);
  const hash = optionalString(args, "hash");
  // An unknown id falls through to the store, which answers not_found.
  return { view: toSlackView(store.updateView(target?.id ?? viewId ?? "", view, hash)) };
};

export const publish: MethodHandler = (args, { store }) => {
  const userId = requireString(args, "user_id");
  const view = viewArg(args);
  checkView(view, "home");
  return { view: toSlackView(store.publishHome(userId, view, optionalString(args, "hash"))) };
};

// Finding interactive elements in Block Kit the way a person sees them: by their visible text.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface LocatedElement {
  block: JsonObject;
  blockId: string;
  blockIndex: number;
  element: JsonObject;
  /** Where the element sits: an actions block, a section's accessory or an input block. */
  place: "actions" | "accessory" | "input";
}

/** The text of a composition object (`{ type: "plain_text", text }`), if any. */
export function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === "string" ? value.text : undefined;
}

export function elementType(element: JsonObject): string {
  return typeof element.type === "string" ? element.type : "";
}

export function locateElements(blocks: readonly unknown[]): LocatedElement[] {
  const found: LocatedElement[] = [];
  blocks.forEach((block, blockIndex) => {
    if (!isObject(block)) return;
    const blockId = typeof block.block_id === "string" ? block.block_id : "";
    if (block.type === "actions" && Array.isArray(block.elements)) {
      for (const element of block.elements) {
        if (isObject(element)) found.push({ block, blockId, blockIndex, element, place: "actions" });
      }
    }
    if (block.type === "section" && isObject(block.accessory)) {
      found.push({ block, blockId, blockIndex, element: block.accessory, place: "accessory" });
    }
    if (block.type === "input" && isObject(block.element)) {
      found.push({ block, blockId, blockIndex, element: block.element, place: "input" });
    }
  });
  return found;
}

/** All options of a select, overflow, checkbox or radio group, option groups flattened. */
export function optionsOf(element: JsonObject): JsonObject[] {
  const options: JsonObject[] = [];
  if (Array.isArray(element.options)) options.push(...element.options.filter(isObject));
  if (Array.isArray(element.option_groups)) {
    for (const group of element.option_groups) {
      if (isObject(group) && Array.isArray(group.options)) options.push(...group.options.filter(isObject));
    }
  }
  return options;
}

export function matchesLabel(text: string | undefined, label: string | RegExp): boolean {
  if (text === undefined) return false;
  if (typeof label === "string") return text.trim() === label.trim();
  label.lastIndex = 0;
  return label.test(text);
}

/** Finds an option by its visible text, or failing that its value. */
export function findOption(element: JsonObject, wanted: string | RegExp): JsonObject | undefined {
  const options = optionsOf(element);
  return (
    options.find((o) => matchesLabel(textOf(o.text), wanted)) ??
    (typeof wanted === "string" ? options.find((o) => o.value === wanted) : undefined)
  );
}

export function describeOptions(element: JsonObject): string {
  const texts = optionsOf(element).map((o) => JSON.stringify(textOf(o.text) ?? o.value));
  return texts.length === 0 ? "(no options)" : texts.join(", ");
}

/** Everything a person can read in a message or view, for `textIncludes` matching. */
export function visibleText(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (key === "text" && typeof child === "string") parts.push(child);
        else walk(child);
      }
    }
  };
  walk(value);
  return parts.join("\n");
}

/** The label a person would use to point at a select: its placeholder, input label or section text. */
export function selectLabels(located: LocatedElement): string[] {
  const labels = [textOf(located.element.placeholder), located.blockId];
  if (located.place === "input") labels.push(textOf(located.block.label));
  if (located.place === "accessory") labels.push(textOf(located.block.text));
  return labels.filter((l): l is string => typeof l === "string" && l !== "");
}

import { randomBytes } from "node:crypto";

type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Slack-style short random id, e.g. "aB3xZ". */
function randomShortId(length = 5): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ID_ALPHABET[byte % ID_ALPHABET.length];
  return out;
}

const NON_INTERACTIVE = new Set(["image", "plain_text", "mrkdwn"]);

function ensureActionId(element: unknown): void {
  if (!isObject(element) || typeof element.type !== "string" || NON_INTERACTIVE.has(element.type)) return;
  if (typeof element.action_id !== "string") element.action_id = randomShortId();
}

/**
 * Slack stores every block with a `block_id` and every interactive element with an
 * `action_id`, generating random ones when the app left them out; payloads depend on them.
 * Returns a deep copy, the input is untouched.
 */
export function withGeneratedIds(blocks: readonly unknown[]): unknown[] {
  const copy = structuredClone(blocks) as unknown[];
  for (const block of copy) {
    if (!isObject(block)) continue;
    if (typeof block.block_id !== "string") block.block_id = randomShortId();
    if (block.type === "actions" && Array.isArray(block.elements)) block.elements.forEach(ensureActionId);
    if (block.type === "section") ensureActionId(block.accessory);
    if (block.type === "input") ensureActionId(block.element);
  }
  return copy;
}

/** The block ids present in a block list, to carry view state over an update. */
export function blockIds(blocks: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const block of blocks)
    if (isObject(block) && typeof block.block_id === "string") ids.add(block.block_id);
  return ids;
}

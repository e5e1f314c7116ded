import { isObject } from "./blocks.ts";
import { invalidArguments, SlackApiError } from "./errors.ts";

/** Arguments of a Web API call, after form or JSON decoding. */
export type Args = Record<string, unknown>;

/** Arguments that arrive as JSON strings in form-encoded calls. */
export const JSON_ARGS = new Set(["blocks", "attachments", "view", "metadata"]);

export function optionalString(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function requireString(args: Args, key: string): string {
  const value = optionalString(args, key);
  if (value === undefined || value === "") throw invalidArguments(`missing required field: ${key}`);
  return value;
}

/** Slack reads "true", "1" and true as true. */
export function flag(args: Args, key: string): boolean {
  const value = args[key];
  return value === true || value === 1 || value === "true" || value === "1";
}

export function optionalInt(args: Args, key: string): number | undefined {
  const value = args[key];
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** A JSON argument: already decoded in JSON calls, a string to parse in form calls. */
export function jsonArg(args: Args, key: string, errorOnBadJson: () => SlackApiError): unknown {
  const value = args[key];
  if (typeof value !== "string") return value;
  if (value === "") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw errorOnBadJson();
  }
}

/** The `view` argument as an object, or Slack's invalid_arguments. */
export function viewArg(args: Args): Record<string, unknown> {
  const view = jsonArg(args, "view", () => invalidArguments("invalid json [json-pointer:/view]"));
  if (view === undefined) throw invalidArguments("missing required field: view");
  if (!isObject(view)) throw invalidArguments("must be an object [json-pointer:/view]");
  return view;
}

/** Opaque pagination cursor, Slack-style base64. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64");
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match) throw new SlackApiError("invalid_cursor");
  return Number(match[1]);
}

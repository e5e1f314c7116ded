import type { IncomingMessage, ServerResponse } from "node:http";
import { type Args, JSON_ARGS } from "./args.ts";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString("utf8");
}

/** The body's bytes; `limit` is larger for a file upload than for a Web API call. */
export async function readBodyBytes(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export type ParsedArgs = { ok: true; args: Args } | { ok: false; error: string };

/**
 * Decodes Web API arguments like Slack: form bodies (with or without a charset), JSON bodies,
 * and query-string arguments. Form values stay strings; JSON arguments are parsed per method.
 */
export function parseArgs(contentType: string | undefined, raw: string, query: URLSearchParams): ParsedArgs {
  const args: Args = Object.fromEntries(query.entries());
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (raw.trim() === "") return { ok: true, args };
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { ok: false, error: "invalid_json" };
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return { ok: false, error: "invalid_json" };
    }
    return { ok: true, args: { ...args, ...(parsed as Args) } };
  }
  if (type === "" || type === "application/x-www-form-urlencoded" || type === "text/plain") {
    for (const [key, value] of new URLSearchParams(raw)) args[key] = value;
    return { ok: true, args };
  }
  if (type === "multipart/form-data") return { ok: false, error: "invalid_form_data" };
  return { ok: false, error: "invalid_post_type" };
}

/** Arguments as a person reads them: JSON strings decoded, the token left out. */
export function readableArgs(args: Args): Args {
  const out: Args = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === "token") continue;
    if (JSON_ARGS.has(key) && typeof value === "string") {
      try {
        out[key] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // keep the raw string: the method reports the bad JSON
      }
    }
    out[key] = value;
  }
  return out;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match ? match[1]!.trim() : undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

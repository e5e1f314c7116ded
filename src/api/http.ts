import type { IncomingMessage, ServerResponse } from "node:http";
import type { Problem } from "./problems.ts";

/** The largest request body read: beyond it the request is refused (413) and reading stops. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead = { kind: "ok"; text: string } | { kind: "too_large" };

/** The body as text, reading at most MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume(); // drain without keeping it: the answer is already known
    return Promise.resolve({ kind: "too_large" });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        chunks.length = 0;
        req.pause(); // stop reading: the rest is never buffered
        resolve({ kind: "too_large" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve({ kind: "ok", text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", (error) => {
      if (!done) reject(error);
    });
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendProblem(
  res: ServerResponse,
  problem: Problem,
  headers: Record<string, string> = {},
): void {
  sendJson(res, problem.status, problem, { ...headers, "content-type": "application/problem+json" });
}

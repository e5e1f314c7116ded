import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions, type HTTPReceiver } from "@slack/bolt";
import type { Logger } from "../lib/logger.ts";
import { malformedRequestReason } from "./request-shape.ts";

/**
 * Puts a check in front of Bolt's HTTP receiver: a correctly signed request whose body is
 * not a Slack payload (null, an array, a view_submission without a view, …) gets a 400.
 * Bolt would otherwise throw outside any handler (a null body crashes the process), answer
 * 500, or never acknowledge. Unsigned requests are left to Bolt, which answers 401.
 */
export function refuseMalformedRequests(
  receiver: HTTPReceiver,
  options: { path: string; signingSecret: string; logger: Logger },
): void {
  const boltListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== options.path) {
      boltListener(req, res);
      return;
    }
    screen(req, options.signingSecret).then(
      (verdict) => {
        if (verdict.kind === "pass") {
          boltListener(req, res);
          return;
        }
        options.logger.warn({ reason: verdict.reason }, "refused a malformed Slack request");
        answer(res, verdict.status);
      },
      (error: unknown) => {
        options.logger.error({ err: error }, "could not read a Slack request");
        answer(res, 400);
      },
    );
  };
}

type Verdict = { kind: "pass" } | { kind: "refuse"; status: number; reason: string };

async function screen(req: IncomingMessage, signingSecret: string): Promise<Verdict> {
  try {
    // Buffered once here; Bolt reuses the buffered body.
    await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
  } catch (error) {
    const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
    return { kind: "refuse", status: tooLarge ? 413 : 400, reason: String(error) };
  }
  let verified: Awaited<ReturnType<typeof HTTPModuleFunctions.parseAndVerifyHTTPRequest>>;
  try {
    verified = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret }, req);
  } catch {
    return { kind: "pass" }; // Bolt refuses it with 401 and logs why.
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(verified);
  } catch {
    return { kind: "pass" }; // Not JSON: Bolt answers 400.
  }
  const reason = malformedRequestReason(body);
  return reason ? { kind: "refuse", status: 400, reason } : { kind: "pass" };
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

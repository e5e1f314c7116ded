import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions, type HTTPReceiver, type SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../lib/logger.ts";
import { malformedRequestReason } from "./request-shape.ts";

/**
 * Puts a check in front of Bolt's HTTP receiver, which is built without its own signature
 * check (`signatureVerification: false`): this is where a request's signature is verified,
 * once. A request without a valid signature gets 401, as Bolt would answer; a correctly signed
 * one whose body is not a Slack payload (null, an array, a view_submission without a view, …)
 * gets a 400. Bolt would otherwise throw outside any handler (a null body crashes the
 * process), answer 500, or never acknowledge.
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
        options.logger.warn(
          { reason: verdict.reason },
          verdict.status === 401
            ? "refused a request not signed by Slack"
            : "refused a malformed Slack request",
        );
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
  } catch (error) {
    return { kind: "refuse", status: 401, reason: `not signed by Slack: ${String(error)}` };
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

/** The envelope types that carry a Slack payload for Bolt; hello, disconnect and the like pass untouched. */
const PAYLOAD_ENVELOPES = new Set(["slash_commands", "interactive", "events_api"]);

/** What a person who typed a command sees when its envelope could not be read. */
export const MALFORMED_COMMAND_TEXT =
  ":warning: Handoff could not read this request, so nothing was done. Please type the command again.";

/**
 * The same check for Socket Mode: an envelope whose payload is not a Slack payload (null, a
 * view_submission without a view, an event without an event, …) is acked here, with a private
 * answer for a command, and never reaches Bolt. Bolt's Socket Mode client would otherwise throw
 * outside any handler (an unhandled rejection) or leave the envelope unacked.
 */
export function refuseMalformedEnvelopes(receiver: SocketModeReceiver, options: { logger: Logger }): void {
  const client = receiver.client;
  const boltListeners = client.listeners("ws_message");
  client.removeAllListeners("ws_message");
  client.on("ws_message", (data: string | ArrayBuffer, isBinary: boolean) => {
    const pass = () => {
      for (const listener of boltListeners) listener.call(client, data, isBinary);
    };
    const envelope = isBinary ? undefined : readEnvelope(data);
    if (!envelope || !PAYLOAD_ENVELOPES.has(envelope.type)) return pass();
    const reason = malformedRequestReason(envelope.payload);
    if (!reason) return pass();
    options.logger.warn({ reason, envelopeType: envelope.type }, "refused a malformed Slack envelope");
    if (typeof envelope.envelope_id !== "string") return; // nothing to ack it with
    const answer = envelope.type === "slash_commands" ? { text: MALFORMED_COMMAND_TEXT } : {};
    // The client's own ack (private in its types, the one it gives Bolt's handlers).
    const acker = client as unknown as { send(id: string, body: object): Promise<void> };
    acker.send(envelope.envelope_id, answer).catch((error: unknown) => {
      options.logger.warn({ err: error }, "could not ack a malformed Slack envelope");
    });
  });
}

function readEnvelope(
  data: string | ArrayBuffer,
): { type: string; envelope_id?: unknown; payload?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const type = (parsed as { type?: unknown }).type;
    return typeof type === "string" ? (parsed as { type: string }) : undefined;
  } catch {
    return undefined; // Bolt's client logs and ignores what is not JSON
  }
}

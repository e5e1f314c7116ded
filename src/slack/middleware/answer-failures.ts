import { randomBytes } from "node:crypto";
import type { AnyMiddlewareArgs, Middleware, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../lib/logger.ts";
import type { HandoffContext } from "../context.ts";
import { describeFailure, type Failure, FailureText } from "../error-messages.ts";
import { answerClickPrivately } from "../reply.ts";
import { JOURNALED, LEAVE_FOR_REPLAY } from "./durable-work.ts";
import { describeRequest } from "./request-context.ts";

type AckFn = (response?: unknown) => Promise<void>;

interface LooseBody {
  type?: string;
  command?: string;
  view?: { blocks?: Array<{ type?: string; block_id?: string }> };
}

/**
 * The safety net under every listener: whatever fails, the person gets a private,
 * specific answer within Slack's 3 seconds, never an HTTP 500 or a silent spinner.
 * Services raise AppError on purpose; anything else is logged with a reference.
 */
export function answerFailuresPrivately(options: {
  root: Logger;
  isInfrastructureDown: (error: unknown) => boolean;
}): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    try {
      await args.next();
    } catch (error) {
      const reference = randomBytes(4).toString("hex");
      const log = (args.context as Partial<HandoffContext>).log ?? options.root;
      const failure = describeFailure(error, reference, options.isInfrastructureDown);
      logFailure(log, failure, error, reference);
      // Journaled work that lost its database is not given up: it is replayed once it is back.
      const willReplay = failure.kind === "outage" && args.context[JOURNALED] === true;
      if (willReplay) args.context[LEAVE_FOR_REPLAY] = true;
      await tellPrivately(args, willReplay ? FailureText.unavailableWillRetry : failure.text).catch(
        (replyError: unknown) =>
          log.warn({ err: replyError, reference }, "could not tell the person about the failure"),
      );
    }
  };
}

function logFailure(log: Logger, failure: Failure, error: unknown, reference: string): void {
  const { kind } = failure;
  if (kind === "refusal") {
    // A person's mistake, answered in Slack: routine, and its stack says nothing.
    const { code } = error as { code?: string };
    log.debug({ code, reason: failure.text, reference }, "request refused");
  } else if (kind === "outage") {
    // One line per request an operator can alert on; the stack of a refused connection is noise.
    const { code, message } = error as { code?: unknown; message?: unknown };
    log.error({ code, reason: message, reference }, "request failed: the database is unreachable");
  } else if (kind === "busy") {
    const { retryAfter } = error as { retryAfter?: number };
    log.warn({ retryAfter, reference }, "request refused: Slack rate-limited a call");
  } else {
    log.error({ err: error, reference }, "request failed");
  }
}

async function tellPrivately(args: AnyMiddlewareArgs & { client: WebClient }, text: string): Promise<void> {
  const { ack, respond } = args as { ack?: AckFn; respond?: RespondFn };
  const body = args.body as LooseBody;
  const { userId } = describeRequest(args.body);

  if (body.type === "view_submission") {
    // Keep the modal open with the message next to its first field, so nothing typed is lost.
    const firstInput = body.view?.blocks?.find((block) => block.type === "input")?.block_id;
    if (
      ack &&
      firstInput &&
      (await tryAck(ack, { response_action: "errors", errors: { [firstInput]: text } }))
    )
      return;
    if (ack) await tryAck(ack);
    if (userId) await args.client.chat.postMessage({ channel: userId, text });
    return;
  }
  if (ack && body.command && (await tryAck(ack, { response_type: "ephemeral", text }))) return;
  if (ack) await tryAck(ack);
  if (respond) {
    if (userId && body.type === "block_actions") {
      await answerClickPrivately({ body: args.body, client: args.client, respond }, userId, { text });
      return;
    }
    await respond({ response_type: "ephemeral", replace_original: false, text });
    return;
  }
  // Modals and App Home have no response_url: a DM is the private channel left.
  if (userId && body.type === "block_actions") await args.client.chat.postMessage({ channel: userId, text });
}

/** ack() twice throws in Bolt; a listener may already have acknowledged before failing. */
async function tryAck(ack: AckFn, response?: unknown): Promise<boolean> {
  try {
    await ack(response);
    return true;
  } catch {
    return false;
  }
}

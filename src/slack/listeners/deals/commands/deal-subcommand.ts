import type { WebClient } from "@slack/web-api";
import type { Deal } from "../../../../domain/deal.ts";
import type { DealCommand } from "../../../../domain/deal-command.ts";
import { AppError, AppErrorCode } from "../../../../lib/app-error.ts";
import { handoffContext } from "../../../context.ts";
import { ambiguousDealMessage } from "../../../views/deal-list.ts";
import type { MessageView } from "../../../views/messages.ts";
import type { CommandArgs, ListenerDeps } from "../../deps.ts";

/** How long an answer waits for a person's Slack profile (time zone) before using the workspace's. */
export const PROFILE_WAIT_MS = 1_000;

/** One handler per `/deal` sub-command, each given what the parser read. */
export type DealSubcommand<K extends DealCommand["kind"]> = (
  deps: ListenerDeps,
) => (args: CommandArgs, parsed: Extract<DealCommand, { kind: K }>) => Promise<void>;

/**
 * Answers to a sub-command that names one deal. Changes acknowledge at once and answer through
 * response_url: under load a change may wait on another's row lock, and Slack gives up on an
 * answer after 3 seconds. Others answer in the ack when they can.
 */
export function answersFor({ ack, respond, client, command }: CommandArgs) {
  let acked = false;
  const ackOnce = async () => {
    if (acked) return;
    acked = true;
    await ack();
  };
  const reply = async (message: MessageView) => {
    if (acked) await respond({ response_type: "ephemeral", replace_original: false, ...message });
    else await ack({ response_type: "ephemeral", ...message });
  };
  const openModal = async (view: Parameters<WebClient["views"]["open"]>[0]["view"]) => {
    await ackOnce();
    await client.views.open({ trigger_id: command.trigger_id, view });
  };
  return { ackOnce, reply, openModal };
}

/** The deal a sub-command names; undefined when several fit, after asking which one. */
export async function namedDeal(
  deps: ListenerDeps,
  { context }: CommandArgs,
  query: string,
  reply: (message: MessageView) => Promise<void>,
): Promise<Deal | undefined> {
  const { actor } = handoffContext(context);
  try {
    return await deps.services.deals.resolve(actor.teamId, query, actor.userId);
  } catch (error) {
    if (error instanceof AppError && error.code === AppErrorCode.Ambiguous) {
      await reply(ambiguousDealMessage(String(error.details.query), error.details.candidates as Deal[]));
      return undefined;
    }
    throw error;
  }
}

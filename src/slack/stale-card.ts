import { isAppError } from "../lib/app-error.ts";
import { dealActorOf, handoffContext } from "./context.ts";
import { dealCardFor } from "./deal-card-for.ts";
import { appErrorText } from "./error-messages.ts";
import type { ButtonArgs, ListenerDeps } from "./listeners/deps.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "./payloads.ts";
import { isPrivateMessageClick, respondPrivately } from "./reply.ts";
import { privateNotice } from "./views/messages.ts";

/** Refusals that mean the card clicked was drawn before the deal was won. */
const WON_SINCE = new Set(["deal.already_won", "deal.won_is_final"]);

/**
 * Won or Lost on a private card (ephemeral, or in the app's DM) of a deal won since: Slack cannot
 * update such a card when the deal changes, so the click redraws it as the deal is now (no Won,
 * no Lost), headed by why. A shared card keeps its own updates; there the refusal is said privately.
 */
export async function redrawStaleCard(
  deps: Pick<ListenerDeps, "services" | "clock">,
  args: ButtonArgs,
  error: unknown,
): Promise<boolean> {
  if (!isAppError(error) || !WON_SINCE.has(error.reason) || !isPrivateMessageClick(args.body)) return false;
  const who = dealActorOf(args.context);
  const deal = await deps.services.deals.get(
    who.teamId,
    readPayload(ZRecordId, args.action.value, STALE_BUTTON),
  );
  const card = await dealCardFor(deps, deal, who, handoffContext(args.context).actor.settings.timeZone);
  const text = appErrorText(error);
  const blocks = [...(privateNotice(text).blocks ?? []), ...(card.blocks ?? [])];
  await respondPrivately(args.respond, { text, blocks }, true);
  return true;
}

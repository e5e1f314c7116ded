import type { KnownBlock } from "@slack/types";
import { formatDealRef } from "../../domain/command-text.ts";
import type { Deal } from "../../domain/deal.ts";
import { DealAction } from "../ids.ts";
import { button, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { fitMrkdwn, oneLine } from "./text.ts";

/** To a deal's owner: another tool marked it won through the API; delivery still needs the handoff. */
export function handoffRequestDm(deal: Deal, tokenName: string): MessageView {
  const ref = formatDealRef(deal.number);
  const token = fitMrkdwn(oneLine(tokenName), 80);
  const text = `:trophy: *${ref} ${fitMrkdwn(oneLine(deal.name), 150)}* was marked won by *${token}* — complete the handoff so delivery can start.`;
  const blocks: KnownBlock[] = [
    section(text, button("Complete the handoff", DealAction.Won, deal.id, "primary")),
  ];
  return {
    text: `${ref} was marked won by ${oneLine(tokenName).slice(0, 80)} — complete the handoff`,
    blocks,
  };
}

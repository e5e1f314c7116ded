import { formatDealRef, formatProjectRef } from "../../../domain/command-text.ts";
import type { Deal } from "../../../domain/deal.ts";
import { context, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { amountText, countText, fitMrkdwn, oneLine, ownerText } from "../text.ts";
import { MAX } from "./delivery-text.ts";

export interface WinAnnouncementContext {
  readonly daysToClose: number;
  /** The onboarding project opened for it, if any. */
  readonly projectNumber: number | null;
}

function closedInText(days: number): string {
  const whole = Math.max(0, Math.floor(days));
  return whole === 0 ? "closed the day it was opened" : `closed in ${countText(whole, "day", "days")}`;
}

/** "🎉 *Acme* won — €12,500 · @ana · closed in 23 days", with the deal and its project below. */
export function winAnnouncement(deal: Deal, ctx: WinAnnouncementContext): MessageView {
  const who = fitMrkdwn(oneLine(deal.accountName ?? "") || oneLine(deal.name), MAX.customer) || "—";
  const amount = amountText(deal.amount, deal.currency);
  const closed = closedInText(ctx.daysToClose);
  const line = `🎉 *${who}* won — ${amount} · ${ownerText(deal)} · ${closed}`;
  const dealLine = `${formatDealRef(deal.number)} · ${fitMrkdwn(oneLine(deal.name), MAX.projectName) || "—"}`;
  const handover =
    ctx.projectNumber === null
      ? dealLine
      : `${dealLine} · Handed over to delivery as *${formatProjectRef(ctx.projectNumber)}*`;
  return {
    text: `🎉 ${who} won — ${amount} · ${closed}`,
    blocks: [section(line), context(handover)],
  };
}

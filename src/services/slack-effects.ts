/**
 * Slack side effects, as intents the services write in the same transaction as the change
 * they announce. The dispatcher (jobs/) delivers them; slack/notifier.ts renders them.
 */

export type DealChange =
  | { readonly type: "created" }
  | { readonly type: "moved"; readonly from: string; readonly to: string }
  | { readonly type: "reopened"; readonly from: string; readonly to: string }
  | { readonly type: "lost"; readonly reason: string }
  | { readonly type: "note"; readonly body: string }
  | { readonly type: "edited"; readonly fields: readonly string[] };

export type SlackEffectIntent =
  /** Post the deal's card in the sales channel, or update it in place once posted. */
  | { readonly kind: "deal.card"; readonly dealId: string; readonly channelId: string }
  /** A short line in the card's thread ("moved Demo → Proposal by @ana"). */
  | {
      readonly kind: "deal.reply";
      readonly dealId: string;
      readonly channelId: string;
      readonly actorId: string;
      readonly change: DealChange;
    };

export interface QueuedEffect {
  readonly id: string;
  readonly teamId: string;
  readonly intent: SlackEffectIntent;
  readonly attempts: number;
}

/** Everything about one deal's messages goes in order: the card exists before its replies. */
export function orderingKeyOf(intent: SlackEffectIntent): string {
  return `${intent.channelId}:deal:${intent.dealId}`;
}

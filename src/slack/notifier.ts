import { WebAPIPlatformError, WebAPIRateLimitedError, type WebClient } from "@slack/web-api";
import { todayIn } from "../domain/dates.ts";
import type { DeliveryResult } from "../jobs/slack-effect-dispatcher.ts";
import { AppErrorCode, isAppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { DealChange, QueuedEffect } from "../services/slack-effects.ts";
import type { SlackServices } from "./services.ts";
import {
  dealCardMessage,
  dealThreadReply,
  editedText,
  lostText,
  movedText,
  noteAddedText,
  reopenedText,
} from "./views/deal-card.ts";
import type { MessageView } from "./views/messages.ts";

/** Slack errors that a later attempt may get past (a channel not created or joined yet, a hiccup). */
const TRANSIENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "ratelimited",
]);

/**
 * Delivers the services' Slack side effects with the Web API: renders with views/, posts or
 * edits, and says what should happen next (the dispatcher schedules retries).
 */
export class SlackNotifier {
  constructor(
    private readonly deps: { client: WebClient; services: SlackServices; clock: Clock; logger: Logger },
  ) {}

  readonly deliver = async (effect: QueuedEffect): Promise<DeliveryResult> => {
    try {
      await this.perform(effect);
      return { kind: "delivered" };
    } catch (error) {
      return this.classify(error, effect);
    }
  };

  private async perform({ teamId, intent }: QueuedEffect): Promise<void> {
    const deal = await this.deps.services.deals.get(teamId, intent.dealId);
    switch (intent.kind) {
      case "deal.card": {
        const [stages, settings] = await Promise.all([
          this.deps.services.deals.stages(teamId),
          this.deps.services.workspaces.settings(teamId),
        ]);
        const now = this.deps.clock.now();
        const message = dealCardMessage(deal, {
          stages,
          now,
          today: todayIn(settings.timeZone, now),
          // In a channel everyone sees the controls; the action checks who may use them.
          canChange: true,
          timeZone: settings.timeZone,
        });
        if (deal.card?.channelId === intent.channelId) {
          try {
            await this.deps.client.chat.update({ channel: intent.channelId, ts: deal.card.ts, ...message });
            return;
          } catch (error) {
            // Someone deleted the card: post it again rather than lose the feed.
            if (!(error instanceof WebAPIPlatformError && error.data.error === "message_not_found"))
              throw error;
          }
        }
        const posted = await this.postJoiningIfNeeded(intent.channelId, message);
        await this.deps.services.deals.recordCard(deal.id, { channelId: intent.channelId, ts: posted });
        return;
      }
      case "deal.reply": {
        if (!deal.card || deal.card.channelId !== intent.channelId)
          throw new Error("the deal's card is not posted yet");
        await this.deps.client.chat.postMessage({
          channel: intent.channelId,
          thread_ts: deal.card.ts,
          ...dealThreadReply(changeText(intent.change, intent.actorId)),
        });
        return;
      }
    }
  }

  /** Public channels are joined on the first not_in_channel (chat:write.public usually makes it moot). */
  private async postJoiningIfNeeded(channel: string, message: MessageView): Promise<string> {
    const post = async () => (await this.deps.client.chat.postMessage({ channel, ...message })).ts!;
    try {
      return await post();
    } catch (error) {
      if (!(error instanceof WebAPIPlatformError && error.data.error === "not_in_channel")) throw error;
      await this.deps.client.conversations.join({ channel });
      return post();
    }
  }

  private classify(error: unknown, effect: QueuedEffect): DeliveryResult {
    if (error instanceof WebAPIRateLimitedError)
      return { kind: "retry", error: "ratelimited", afterMs: error.retryAfter * 1000 };
    if (error instanceof WebAPIPlatformError) {
      const code = String(error.data.error);
      if (TRANSIENT.has(code)) return { kind: "retry", error: code };
      this.deps.logger.error({ err: error, effect: effect.id }, "Slack refused a side effect");
      return { kind: "drop", error: code };
    }
    if (isAppError(error, AppErrorCode.NotFound)) return { kind: "drop", error: error.message };
    return { kind: "retry", error: error instanceof Error ? error.message : String(error) };
  }
}

function changeText(change: DealChange, actorId: string): string {
  switch (change.type) {
    case "created":
      return `created by <@${actorId}>`;
    case "moved":
      return movedText({ name: change.from }, { name: change.to }, actorId);
    case "reopened":
      return reopenedText({ name: change.to }, actorId);
    case "lost":
      return lostText(change.reason, actorId);
    case "note":
      return noteAddedText(change.body, actorId);
    case "edited":
      return editedText(change.fields, actorId);
  }
}

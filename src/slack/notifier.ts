import type { WebClient } from "@slack/web-api";
import { todayIn } from "../domain/dates.ts";
import type { DeliveryResult } from "../jobs/slack-effect-dispatcher.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { QueuedEffect } from "../services/slack-effects.ts";
import type { EffectSlack } from "./effects/effect-deliverer.ts";
import { postOnce } from "./effects/post-once.ts";
import { delivererOf } from "./effects/registry.ts";
import type { SlackServices } from "./services.ts";
import { deliveryFailure } from "./slack-errors.ts";
import { channelProblemAlert } from "./views/channel-problem.ts";

/** A channel still refusing after this many attempts is reported to the admins (once). */
const ALERT_AFTER_ATTEMPTS = 3;

/**
 * Delivers the services' Slack side effects: hands each to its kind's deliverer (effects/),
 * and says what should happen next when it fails (the dispatcher schedules retries).
 */
export class SlackNotifier {
  constructor(
    private readonly deps: {
      client: WebClient;
      services: SlackServices;
      clock: Clock;
      logger: Logger;
      /** How long an `ok:false` rate limit waits (default OK_FALSE_RATE_LIMIT_MS); tests scale it with Slack's pace. */
      okFalseRateLimitMs?: number;
    },
  ) {}

  readonly deliver = async (effect: QueuedEffect): Promise<DeliveryResult> => {
    try {
      await delivererOf(effect).deliver(effect, this.slackFor(effect));
      return { kind: "delivered" };
    } catch (error) {
      return await this.failed(error, effect);
    }
  };

  private slackFor(effect: QueuedEffect): EffectSlack {
    const { client, services, clock, logger } = this.deps;
    const post: EffectSlack["post"] = (args) => postOnce(client, logger, effect, args);
    return {
      client,
      services,
      clock,
      post,
      postTo: (channel, message) => post({ channel, ...message }),
      calendar: async (teamId) => {
        const { timeZone } = await services.workspaces.settings(teamId);
        return { today: todayIn(timeZone, clock.now()), timeZone };
      },
    };
  }

  /** What a failure means for the effect (slack-errors.ts), and who must hear of it. */
  private async failed(error: unknown, effect: QueuedEffect): Promise<DeliveryResult> {
    const { result, slackClass } = deliveryFailure(error, this.deps.okFalseRateLimitMs);
    const log = this.deps.logger;
    switch (slackClass) {
      case "channel":
        if (effect.attempts === ALERT_AFTER_ATTEMPTS) await this.alertAdmins(effect, result.error);
        break;
      case "install":
        log.error({ err: error, effect: effect.id }, "Slack refused the app's token or grant");
        break;
      case "permanent":
        log.error({ err: error, effect: effect.id }, "Slack refused a side effect");
        break;
      case "unknown":
        log.error({ err: error, effect: effect.id }, "unknown Slack error; will retry");
        break;
    }
    return result;
  }

  /**
   * A channel that is missing, archived or closed to the app will not fix itself: after a
   * few failed attempts the admins are told privately what to do, while the effect keeps waiting.
   */
  private async alertAdmins(effect: QueuedEffect, code: string): Promise<void> {
    const channelId = "channelId" in effect.intent ? effect.intent.channelId : undefined;
    const admins = await this.deps.services.workspaces.adminIds(effect.teamId).catch(() => []);
    if (!channelId || admins.length === 0) {
      this.deps.logger.warn(
        { effect: effect.id, code, channelId },
        "Slack channel unusable and no admin to tell",
      );
      return;
    }
    const alert = channelProblemAlert(channelId, code);
    await Promise.all(
      admins.map((admin) =>
        this.deps.client.chat.postMessage({ channel: admin, ...alert }).catch((error: unknown) => {
          this.deps.logger.warn({ err: error, admin }, "could not alert an admin");
        }),
      ),
    );
  }
}

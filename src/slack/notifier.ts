import {
  type ChatPostMessageArguments,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  type WebClient,
} from "@slack/web-api";
import { formatProjectRef } from "../domain/command-text.ts";
import { todayIn } from "../domain/dates.ts";
import type { DeliveryResult } from "../jobs/slack-effect-dispatcher.ts";
import { AppErrorCode, isAppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { DealChange, QueuedEffect } from "../services/slack-effects.ts";
import { publishHome } from "./home-publisher.ts";
import type { SlackServices } from "./services.ts";
import { classOfSlackError } from "./slack-errors.ts";
import {
  dealCardMessage,
  dealThreadReply,
  editedText,
  lostText,
  movedText,
  noteAddedText,
  reopenedText,
  wonText,
} from "./views/deal-card.ts";
import {
  handoffBrief,
  type ListedTask,
  projectCompletedDm,
  projectParentMessage,
  taskMessage,
  winAnnouncement,
} from "./views/delivery-messages.ts";
import { dailyDigestMessage, weeklyDigestMessage } from "./views/digest.ts";
import type { MessageView } from "./views/messages.ts";
import { staleDealDm, tasksDueDm, unclaimedNudge } from "./views/reminders.ts";

/**
 * An `ok: false` rate limit carries no Retry-After: wait this long (and hold the channel).
 * Slack's docs ask for about one message per second per channel, with short bursts.
 */
export const OK_FALSE_RATE_LIMIT_MS = 30_000;

/** What an effect waits for (its thread's parent) is not there yet: nothing was sent. */
class NotReady extends Error {}

/** Names the effect in each post's metadata, so a retry can find an earlier attempt's message. */
export const EFFECT_EVENT_TYPE = "handoff_effect";
const LOOKUP_PAGES = 5;
/** Lookup refusals that no retry changes: post rather than wait forever. */
const LOOKUP_IMPOSSIBLE = new Set([
  "missing_scope",
  "not_in_channel",
  "channel_not_found",
  "thread_not_found",
]);

const ALERT_AFTER_ATTEMPTS = 3;

function channelProblemText(channelId: string, code: string): string {
  const what =
    code === "is_archived" || code === "is_inactive"
      ? "is archived"
      : code.startsWith("restricted_action") || code === "ekm_access_denied"
        ? "does not let apps post there (a workspace or channel setting)"
        : code === "not_in_channel"
          ? "is private and Handoff is not in it — invite it with `/invite @Handoff`"
          : "does not exist (or Handoff can't see it)";
  return `:warning: Handoff can't post in <#${channelId}>: the channel ${what}. Messages for it are waiting and will be posted once it is fixed — or pick another channel in \`/handoff settings\` or the HANDOFF_*_CHANNEL settings.`;
}

/**
 * Delivers the services' Slack side effects with the Web API: renders with views/, posts or
 * edits, and says what should happen next (the dispatcher schedules retries).
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
      await this.perform(effect);
      return { kind: "delivered" };
    } catch (error) {
      return await this.classify(error, effect);
    }
  };

  private async perform(effect: QueuedEffect): Promise<void> {
    const { teamId, intent } = effect;
    const post = (args: ChatPostMessageArguments) => this.postOnce(effect, args);
    switch (intent.kind) {
      case "home.refresh":
        // Queued only for people who have opened their Home (the effect queue checks).
        await publishHome(this.deps.client, this.deps.services, { teamId, userId: intent.userId });
        return;
      case "deal.card":
        return this.syncDealCard(effect, intent.dealId, intent.channelId);
      case "deal.reply": {
        const deal = await this.deps.services.deals.get(teamId, intent.dealId);
        if (!deal.card || deal.card.channelId !== intent.channelId)
          throw new NotReady("the deal's card is not posted yet");
        await post({
          channel: intent.channelId,
          thread_ts: deal.card.ts,
          ...dealThreadReply(changeText(intent.change, intent.actorId)),
        });
        return;
      }
      case "deal.won": {
        const deal = await this.deps.services.deals.get(teamId, intent.dealId);
        const project = await this.deps.services.delivery.projectOfDeal(deal.id);
        const daysToClose = Math.max(
          0,
          Math.round(((deal.closedAt ?? deal.createdAt).getTime() - deal.createdAt.getTime()) / 86_400_000),
        );
        await this.postTo(
          effect,
          intent.channelId,
          winAnnouncement(deal, { daysToClose, projectNumber: project?.number ?? null }),
        );
        return;
      }
      case "project.parent": {
        const project = await this.deps.services.delivery.project(teamId, intent.projectId);
        const message = projectParentMessage(project, await this.calendar(teamId));
        if (project.thread) {
          await this.deps.client.chat.update({
            channel: project.thread.channelId,
            ts: project.thread.ts,
            ...message,
          });
          return;
        }
        const ts = await this.postTo(effect, intent.channelId, message);
        await this.deps.services.delivery.recordThread(project.id, { channelId: intent.channelId, ts });
        return;
      }
      case "project.brief": {
        const project = await this.deps.services.delivery.project(teamId, intent.projectId);
        if (!project.thread) throw new NotReady("the project's parent message is not posted yet");
        const dealNotes = project.dealId ? await this.deps.services.delivery.dealNotes(project.dealId) : [];
        await post({
          channel: project.thread.channelId,
          thread_ts: project.thread.ts,
          ...handoffBrief(project, { dealNotes }),
        });
        return;
      }
      case "task.message": {
        const [project, task] = await Promise.all([
          this.deps.services.delivery.projectHeader(teamId, intent.projectId),
          this.deps.services.delivery.task(teamId, intent.taskId),
        ]);
        if (!project.thread) throw new NotReady("the project's parent message is not posted yet");
        const message = taskMessage(task, { ...(await this.calendar(teamId)), project });
        if (task.messageTs) {
          await this.deps.client.chat.update({
            channel: project.thread.channelId,
            ts: task.messageTs,
            ...message,
          });
          return;
        }
        const ts = await post({
          channel: project.thread.channelId,
          thread_ts: project.thread.ts,
          ...message,
        });
        await this.deps.services.delivery.recordTaskMessage(task.id, ts);
        return;
      }
      case "reminder.tasks": {
        const tasks = await this.listedTasks(teamId, intent.taskIds);
        const open = tasks.filter((t) => !t.done && t.assigneeId === intent.userId);
        // By delivery time some may be done or handed on: remind of what is still true.
        if (open.length > 0)
          await post({
            channel: intent.userId,
            ...tasksDueDm(open, intent.day),
          });
        return;
      }
      case "reminder.unclaimed": {
        const project = await this.deps.services.delivery.project(teamId, intent.projectId);
        const tasks = (await this.listedTasks(teamId, intent.taskIds)).filter(
          (t) => !t.done && t.assigneeId === null,
        );
        if (!project.thread || tasks.length === 0) return;
        await post({
          channel: project.thread.channelId,
          thread_ts: project.thread.ts,
          ...unclaimedNudge(tasks),
        });
        return;
      }
      case "reminder.stale_deal": {
        const deal = await this.deps.services.deals.get(teamId, intent.dealId);
        if (deal.stage.kind !== "open") return;
        await post({
          channel: intent.userId,
          ...staleDealDm(deal, this.deps.clock.now()),
        });
        return;
      }
      case "project.completed_dm": {
        const project = await this.deps.services.delivery.project(teamId, intent.projectId);
        await post({ channel: intent.userId, ...projectCompletedDm(project) });
        return;
      }
      // Digests render the figures stored when their slot was taken: a retry posts the same numbers.
      case "digest.post": {
        const figures = await this.deps.services.digests.run(teamId, intent.runId);
        if (figures.kind !== "weekly") return;
        await this.postTo(effect, intent.channelId, weeklyDigestMessage(figures));
        return;
      }
      case "digest.dm": {
        const figures = await this.deps.services.digests.run(teamId, intent.runId);
        const digest =
          figures.kind === "daily" ? figures.people.find((p) => p.userId === intent.userId) : undefined;
        if (!digest) return;
        await post({ channel: intent.userId, ...dailyDigestMessage(digest) });
        return;
      }
    }
  }

  private async listedTasks(teamId: string, taskIds: readonly string[]): Promise<ListedTask[]> {
    const tasks = await Promise.all(
      taskIds.map((id) => this.deps.services.delivery.task(teamId, id).catch(() => undefined)),
    );
    const found = tasks.filter((t): t is NonNullable<typeof t> => t !== undefined);
    const projects = new Map(
      await Promise.all(
        [...new Set(found.map((t) => t.projectId))].map(
          async (id) => [id, await this.deps.services.delivery.project(teamId, id)] as const,
        ),
      ),
    );
    return found.map((t) => ({
      ...t,
      projectNumber: projects.get(t.projectId)!.number,
      projectName: projects.get(t.projectId)!.name,
    }));
  }

  /** The workspace's calendar: "today" and its zone, for due dates and "done on …". */
  private async calendar(teamId: string): Promise<{ today: string; timeZone: string }> {
    const { timeZone } = await this.deps.services.workspaces.settings(teamId);
    return { today: todayIn(timeZone, this.deps.clock.now()), timeZone };
  }

  private async syncDealCard(effect: QueuedEffect, dealId: string, channelId: string): Promise<void> {
    const { teamId } = effect;
    const deal = await this.deps.services.deals.get(teamId, dealId);
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
    if (deal.card?.channelId === channelId) {
      try {
        await this.deps.client.chat.update({ channel: channelId, ts: deal.card.ts, ...message });
        return;
      } catch (error) {
        // Someone deleted the card: post it again rather than lose the feed.
        if (!(error instanceof WebAPIPlatformError && error.data.error === "message_not_found")) throw error;
      }
    }
    const posted = await this.postTo(effect, channelId, message);
    await this.deps.services.deals.recordCard(deal.id, { channelId, ts: posted });
  }

  /**
   * Public channels take posts without the app joining them (chat:write.public); private ones
   * need the app invited, and until then the not_in_channel / channel_not_found reaches admins.
   */
  private postTo(effect: QueuedEffect, channel: string, message: MessageView): Promise<string> {
    return this.postOnce(effect, { channel, ...message });
  }

  /**
   * Posts the effect's message once, however often it is attempted. Each post carries
   * metadata naming the effect; an attempt whose outcome is unknown (Slack answered after the
   * timeout, the connection broke, the process died mid-call) is on record as in doubt, and
   * its retry first reads the conversation since then for that metadata. Slack has no
   * idempotency key for chat.postMessage: this lookup is the only way to know.
   */
  private async postOnce(effect: QueuedEffect, args: ChatPostMessageArguments): Promise<string> {
    if (effect.inDoubtSince) {
      const found = await this.findPosted(effect, args.channel, args.thread_ts, effect.inDoubtSince);
      if (found) return found;
    }
    const posted = await this.deps.client.chat.postMessage({
      ...args,
      metadata: { event_type: EFFECT_EVENT_TYPE, event_payload: { effect_id: effect.id } },
    });
    return posted.ts!;
  }

  /** The ts of the message an earlier attempt of this effect posted, if it did. */
  private async findPosted(
    effect: QueuedEffect,
    channelOrUser: string,
    threadTs: string | undefined,
    since: Date,
  ): Promise<string | undefined> {
    const client = this.deps.client;
    try {
      // A DM is posted to the person's id; its history is read from the DM's channel id.
      const channel = /^[UW]/.test(channelOrUser)
        ? (await client.conversations.open({ users: channelOrUser })).channel?.id
        : channelOrUser;
      if (!channel) return undefined;
      // A minute's margin for clocks that disagree.
      const oldest = ((since.getTime() - 60_000) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const args = {
          channel,
          oldest,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        };
        const read = threadTs
          ? await client.conversations.replies({ ...args, ts: threadTs })
          : await client.conversations.history(args);
        const match = read.messages?.find(
          (m) =>
            m.metadata?.event_type === EFFECT_EVENT_TYPE &&
            (m.metadata.event_payload as { effect_id?: unknown } | undefined)?.effect_id === effect.id,
        );
        if (match?.ts) {
          this.deps.logger.info(
            { effect: effect.id, ts: match.ts },
            "found an earlier attempt's message; not posting again",
          );
          return match.ts;
        }
        cursor = read.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    } catch (error) {
      // Without the history scopes (an older install) the lookup cannot be made: post, at least once.
      if (error instanceof WebAPIPlatformError && LOOKUP_IMPOSSIBLE.has(String(error.data.error))) {
        this.deps.logger.warn(
          { err: error, effect: effect.id },
          "cannot look for an earlier attempt; posting",
        );
        return undefined;
      }
      throw error;
    }
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
    const text = channelProblemText(channelId, code);
    await Promise.all(
      admins.map((admin) =>
        this.deps.client.chat.postMessage({ channel: admin, text }).catch((error: unknown) => {
          this.deps.logger.warn({ err: error, admin }, "could not alert an admin");
        }),
      ),
    );
  }

  /** What a failure means for the effect: slack-errors.ts holds the table, with its sources. */
  private async classify(error: unknown, effect: QueuedEffect): Promise<DeliveryResult> {
    if (error instanceof WebAPIRateLimitedError) {
      const afterMs = error.retryAfter * 1000;
      return { kind: "retry", error: "ratelimited", afterMs, holdChannelMs: afterMs };
    }
    if (error instanceof WebAPIPlatformError) {
      const code = String(error.data.error);
      switch (classOfSlackError(code)) {
        case "rate_limit":
          return {
            kind: "retry",
            error: code,
            afterMs: this.deps.okFalseRateLimitMs ?? OK_FALSE_RATE_LIMIT_MS,
            holdChannelMs: this.deps.okFalseRateLimitMs ?? OK_FALSE_RATE_LIMIT_MS,
          };
        case "in_doubt":
          return { kind: "retry", error: code, inDoubt: true };
        case "transient":
          return { kind: "retry", error: code };
        case "channel":
          if (effect.attempts === ALERT_AFTER_ATTEMPTS) await this.alertAdmins(effect, code);
          return { kind: "retry", error: code };
        case "install":
          this.deps.logger.error({ err: error, effect: effect.id }, "Slack refused the app's token or grant");
          return { kind: "retry", error: code };
        case "permanent":
          this.deps.logger.error({ err: error, effect: effect.id }, "Slack refused a side effect");
          return { kind: "drop", error: code };
        case undefined:
          this.deps.logger.error({ err: error, effect: effect.id }, "unknown Slack error; will retry");
          return { kind: "retry", error: code };
      }
    }
    if (isAppError(error, AppErrorCode.NotFound)) return { kind: "drop", error: error.message };
    if (error instanceof NotReady) return { kind: "retry", error: error.message };
    // A timeout, a broken connection, a 5xx, a failure after the post: it may have gone out.
    return { kind: "retry", error: error instanceof Error ? error.message : String(error), inDoubt: true };
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
    case "won":
      return `${wonText(actorId)} · handed over to delivery as ${formatProjectRef(change.projectNumber)}`;
    case "note":
      return noteAddedText(change.body, actorId);
    case "edited":
      return editedText(change.fields, actorId);
  }
}

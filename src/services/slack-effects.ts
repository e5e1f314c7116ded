/**
 * Slack side effects, as intents the services write in the same transaction as the change
 * they announce. The dispatcher (jobs/) delivers them; slack/notifier.ts renders them.
 */

export type DealChange =
  | { readonly type: "created" }
  | { readonly type: "moved"; readonly from: string; readonly to: string }
  | { readonly type: "reopened"; readonly from: string; readonly to: string }
  | { readonly type: "lost"; readonly reason: string }
  | { readonly type: "won"; readonly projectNumber: number }
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
    }
  /**
   * The New lead message in the sales channel: posted once (with Take it while nobody owns the
   * deal), then edited in place when someone takes it.
   */
  | {
      readonly kind: "lead.message";
      readonly leadId: string;
      readonly dealId: string;
      readonly channelId: string;
    }
  /** The won-deal announcement in the wins channel. */
  | { readonly kind: "deal.won"; readonly dealId: string; readonly channelId: string }
  /** The project's parent message in the delivery channel: posted once, then edited in place. */
  | { readonly kind: "project.parent"; readonly projectId: string; readonly channelId: string }
  /** The handoff brief, the first reply in the project thread. */
  | { readonly kind: "project.brief"; readonly projectId: string; readonly channelId: string }
  /** A task's message in the project thread: posted once, then edited in place. */
  | {
      readonly kind: "task.message";
      readonly projectId: string;
      readonly taskId: string;
      readonly channelId: string;
    }
  /** A direct message about a project (e.g. to the deal owner when it completes). */
  | { readonly kind: "project.completed_dm"; readonly projectId: string; readonly userId: string }
  /** Morning DM: my tasks overdue or due today. */
  | {
      readonly kind: "reminder.tasks";
      readonly userId: string;
      readonly taskIds: readonly string[];
      readonly day: string;
    }
  /** Nudge in a project thread: ready tasks due soon that nobody has claimed. */
  | {
      readonly kind: "reminder.unclaimed";
      readonly projectId: string;
      readonly taskIds: readonly string[];
      readonly channelId: string;
    }
  /** DM to a deal's owner: it has been quiet longer than its stage allows. */
  | { readonly kind: "reminder.stale_deal"; readonly dealId: string; readonly userId: string }
  /** Publish the person's App Home again: their deals or tasks changed. */
  | { readonly kind: "home.refresh"; readonly userId: string }
  /** A scheduled digest in a channel, rendered from the run's stored figures. */
  | { readonly kind: "digest.post"; readonly runId: string; readonly channelId: string }
  /** One person's daily digest by DM, from the run's stored figures. */
  | { readonly kind: "digest.dm"; readonly runId: string; readonly userId: string }
  /** DM to an admin: a webhook endpoint failed for 24 hours and was disabled. */
  | { readonly kind: "webhook.disabled"; readonly endpointId: string; readonly userId: string };

export interface QueuedEffect {
  readonly id: string;
  readonly teamId: string;
  readonly intent: SlackEffectIntent;
  readonly attempts: number;
  /**
   * Later pending copies of this same intent in its ordering key. Delivering this one renders
   * the current state, which already includes the changes they announce: they count as done.
   */
  readonly supersedes?: readonly string[];
  /** How many other pending effects wait behind this one in its key (the next can go once this is done). */
  readonly followedBy?: number;
  /**
   * An earlier attempt's outcome is unknown (Slack answered after the timeout, or the
   * connection broke after the request left): it may have posted. The retry looks first.
   */
  readonly inDoubtSince?: Date;
}

/**
 * Intents whose delivery draws the current state (post the message once, then replace it):
 * ten claims on one project need one parent update, not ten, and Slack rate-limits chat.update.
 * An App Home refresh publishes the person's current Home. Replies, announcements and DMs say
 * something each time and are never merged.
 */
export function rendersCurrentState(intent: SlackEffectIntent): boolean {
  return (
    intent.kind === "deal.card" ||
    intent.kind === "lead.message" ||
    intent.kind === "project.parent" ||
    intent.kind === "task.message" ||
    intent.kind === "home.refresh"
  );
}

/** Everything about one deal's (or project's) messages goes in order: a parent exists before its replies. */
export function orderingKeyOf(intent: SlackEffectIntent): string {
  switch (intent.kind) {
    case "deal.card":
    case "deal.reply":
    case "lead.message":
      // After the deal's card: Take it changes the card's owner as well.
      return `${intent.channelId}:deal:${intent.dealId}`;
    case "deal.won":
      return `${intent.channelId}:wins`;
    case "project.parent":
    case "project.brief":
    case "task.message":
      // One thread: the parent before the brief before the tasks, each edit after its post.
      return `${intent.channelId}:project:${intent.projectId}`;
    case "reminder.unclaimed":
      return `${intent.channelId}:project:${intent.projectId}`;
    case "project.completed_dm":
    case "reminder.tasks":
    case "reminder.stale_deal":
      return `dm:${intent.userId}`;
    case "home.refresh":
      return homeOrderingKey(intent.userId);
    case "digest.post":
      return `${intent.channelId}:digest`;
    case "digest.dm":
    case "webhook.disabled":
      return `dm:${intent.userId}`;
  }
}

/** One queue per person's Home: a refresh with a newer one behind it can be skipped. */
export function homeOrderingKey(userId: string): string {
  return `home:${userId}`;
}

/** Home refreshes for these people (each once), as the services queue them after a change. */
export function homeRefreshes(...userIds: ReadonlyArray<string | null | undefined>): SlackEffectIntent[] {
  return [...new Set(userIds.filter((id): id is string => typeof id === "string" && id !== ""))].map(
    (userId) => ({ kind: "home.refresh", userId }),
  );
}

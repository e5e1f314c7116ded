import { dealCardDeliverer } from "./deal-card.ts";
import { dealReplyDeliverer } from "./deal-reply.ts";
import { dealWonDeliverer } from "./deal-won.ts";
import { digestDmDeliverer } from "./digest-dm.ts";
import { digestPostDeliverer } from "./digest-post.ts";
import type { EffectDeliverer, EffectKind, EffectOf } from "./effect-deliverer.ts";
import { homeRefreshDeliverer } from "./home-refresh.ts";
import { leadMessageDeliverer } from "./lead-message.ts";
import { projectBriefDeliverer } from "./project-brief.ts";
import { projectCompletedDeliverer } from "./project-completed-dm.ts";
import { projectParentDeliverer } from "./project-parent.ts";
import { reminderStaleDealDeliverer } from "./reminder-stale-deal.ts";
import { reminderTasksDeliverer } from "./reminder-tasks.ts";
import { reminderUnclaimedDeliverer } from "./reminder-unclaimed.ts";
import { taskMessageDeliverer } from "./task-message.ts";
import { webhookDisabledDeliverer } from "./webhook-disabled.ts";

/** Every effect kind's deliverer: a kind added to SlackEffectIntent without one does not compile. */
export const DELIVERERS: { readonly [K in EffectKind]: EffectDeliverer<K> } = {
  "deal.card": dealCardDeliverer,
  "deal.reply": dealReplyDeliverer,
  "deal.won": dealWonDeliverer,
  "lead.message": leadMessageDeliverer,
  "project.parent": projectParentDeliverer,
  "project.brief": projectBriefDeliverer,
  "task.message": taskMessageDeliverer,
  "project.completed_dm": projectCompletedDeliverer,
  "reminder.tasks": reminderTasksDeliverer,
  "reminder.unclaimed": reminderUnclaimedDeliverer,
  "reminder.stale_deal": reminderStaleDealDeliverer,
  "home.refresh": homeRefreshDeliverer,
  "digest.post": digestPostDeliverer,
  "digest.dm": digestDmDeliverer,
  "webhook.disabled": webhookDisabledDeliverer,
};

/** The deliverer for this effect's kind. */
export function delivererOf<K extends EffectKind>(effect: EffectOf<K>): EffectDeliverer<K> {
  return DELIVERERS[effect.intent.kind as K];
}

import { randomBytes } from "node:crypto";
import {
  checkWebhookUrl,
  isWebhookEventType,
  WEBHOOK_TEST_EVENT,
  type WebhookDeliverySummary,
  type WebhookEndpoint,
} from "../domain/webhooks.ts";
import type { Role } from "../domain/workspace.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import { recordAudit } from "./audit.ts";
import type { TransactionRepositories, UnitOfWork, WebhookRepository } from "./ports.ts";

export interface WebhookActor {
  readonly teamId: string;
  readonly userId: string;
  readonly role: Role;
}

export interface EndpointWithDeliveries {
  readonly endpoint: WebhookEndpoint;
  readonly recent: readonly WebhookDeliverySummary[];
}

/** How many of an endpoint's latest deliveries `/handoff webhooks` shows. */
export const RECENT_DELIVERIES = 5;

/**
 * Webhook endpoints, managed by admins; and what the dispatcher decides about one (gone,
 * failing for 24 hours). Every change is audited.
 */
export class WebhookService {
  constructor(
    private readonly deps: {
      webhooks: WebhookRepository;
      unitOfWork: UnitOfWork;
      clock: Clock;
      /** HANDOFF_WEBHOOKS_ALLOW_PRIVATE: private, loopback and link-local receivers are allowed. */
      allowPrivate: boolean;
      adminIds(teamId: string): Promise<readonly string[]>;
      /** Wakes the webhook dispatcher after a commit (it also polls). */
      onDeliveriesQueued?: () => void;
      /** Wakes the Slack dispatcher: admins are told by DM. */
      onEffectsQueued?: () => void;
    },
  ) {}

  async list(actor: WebhookActor): Promise<EndpointWithDeliveries[]> {
    await this.assertAdmin(actor);
    const endpoints = await this.deps.webhooks.list(actor.teamId);
    return Promise.all(
      endpoints.map(async (endpoint) => ({
        endpoint,
        recent: await this.deps.webhooks.recentDeliveries(endpoint.id, RECENT_DELIVERIES),
      })),
    );
  }

  /** An endpoint as the app itself reads it (the DM telling admins it was disabled). */
  async endpoint(teamId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.deps.webhooks.find(teamId, id);
    if (!endpoint) throw new AppError("webhook.gone", {});
    return endpoint;
  }

  /** Adds an endpoint; its secret is returned this once and never shown again. */
  async add(
    actor: WebhookActor,
    input: { url: string; events: readonly string[] },
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.assertAdmin(actor);
    const url = input.url.trim();
    const problem = checkWebhookUrl(url, this.deps.allowPrivate);
    if (problem) throw new AppError("webhook.url_invalid", { field: "url", url, problem });
    const events = [...new Set(input.events.filter(isWebhookEventType))];
    if (events.length === 0) throw new AppError("webhook.events_required", { field: "events" });
    const secret = `whsec_${randomBytes(24).toString("hex")}`;
    const now = this.deps.clock.now();
    const endpoint = await this.deps.unitOfWork.run(async (tx) => {
      const added = await tx.webhooks.add({
        teamId: actor.teamId,
        url,
        events,
        secret,
        createdById: actor.userId,
        at: now,
      });
      await audit(tx, actor.teamId, actor.userId, "webhook.added", added.id, null, { url, events }, now);
      return added;
    });
    return { endpoint, secret };
  }

  /** Queues a test event for the endpoint through the same queue as real events; its delivery id. */
  async sendTest(actor: WebhookActor, endpointId: string): Promise<string> {
    await this.assertAdmin(actor);
    const now = this.deps.clock.now();
    const deliveryId = await this.deps.unitOfWork.run(async (tx) => {
      const endpoint = await this.lock(tx, actor.teamId, endpointId);
      await audit(tx, actor.teamId, actor.userId, "webhook.tested", endpoint.id, null, null, now);
      return tx.webhooks.recordFor(endpoint, {
        type: WEBHOOK_TEST_EVENT,
        subject: "test",
        data: { endpoint: `W-${endpoint.number}`, url: endpoint.url, sent_by: actor.userId },
        at: now,
      });
    });
    this.deps.onDeliveriesQueued?.();
    return deliveryId;
  }

  /** The delivery once it is delivered or has failed (or as it is when `waitMs` is over). */
  async awaitDelivery(deliveryId: string, waitMs: number): Promise<WebhookDeliverySummary | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
      const delivery = await this.deps.webhooks.delivery(deliveryId);
      if (delivery?.status !== "pending" || Date.now() >= until) return delivery;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async setEnabled(actor: WebhookActor, endpointId: string, enabled: boolean): Promise<WebhookEndpoint> {
    await this.assertAdmin(actor);
    const now = this.deps.clock.now();
    await this.deps.unitOfWork.run(async (tx) => {
      const endpoint = await this.lock(tx, actor.teamId, endpointId);
      if (endpoint.enabled === enabled) return;
      await tx.webhooks.setEnabled(endpoint.id, enabled, enabled ? null : "admin", now);
      const action = enabled ? "webhook.enabled" : "webhook.disabled";
      await audit(
        tx,
        actor.teamId,
        actor.userId,
        action,
        endpoint.id,
        { enabled: !enabled },
        { enabled },
        now,
      );
    });
    if (enabled) this.deps.onDeliveriesQueued?.();
    return this.endpoint(actor.teamId, endpointId);
  }

  async remove(actor: WebhookActor, endpointId: string): Promise<WebhookEndpoint> {
    await this.assertAdmin(actor);
    const now = this.deps.clock.now();
    return this.deps.unitOfWork.run(async (tx) => {
      const endpoint = await this.lock(tx, actor.teamId, endpointId);
      await tx.webhooks.remove(endpoint.id);
      const before = { url: endpoint.url, events: endpoint.events };
      await audit(tx, actor.teamId, actor.userId, "webhook.deleted", endpoint.id, before, null, now);
      return endpoint;
    });
  }

  /** The receiver answered 410 Gone: it asked not to be sent anything again. */
  async removeGone(endpoint: { id: string; teamId: string }): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.unitOfWork.run(async (tx) => {
      const found = await tx.webhooks.lock(endpoint.teamId, endpoint.id);
      if (!found) return;
      await tx.webhooks.remove(found.id);
      const before = { url: found.url, events: found.events };
      await audit(tx, endpoint.teamId, null, "webhook.removed_gone", found.id, before, null, now);
    });
  }

  /** 24 hours of failures: the endpoint is disabled (its queued events wait) and each admin is told by DM. */
  async disableFailing(endpoint: { id: string; teamId: string }, at: Date): Promise<void> {
    const admins = await this.deps.adminIds(endpoint.teamId);
    const disabled = await this.deps.unitOfWork.run(async (tx) => {
      const found = await tx.webhooks.lock(endpoint.teamId, endpoint.id);
      if (!found?.enabled) return false;
      await tx.webhooks.setEnabled(found.id, false, "failing", at);
      await audit(
        tx,
        endpoint.teamId,
        null,
        "webhook.disabled_failing",
        found.id,
        { enabled: true },
        { enabled: false },
        at,
      );
      await tx.effects.enqueue(
        endpoint.teamId,
        admins.map((userId) => ({ kind: "webhook.disabled" as const, endpointId: found.id, userId })),
      );
      return true;
    });
    if (disabled) this.deps.onEffectsQueued?.();
  }

  private async lock(tx: TransactionRepositories, teamId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = /^[0-9a-f-]{36}$/i.test(id) ? await tx.webhooks.lock(teamId, id) : undefined;
    if (!endpoint) throw new AppError("webhook.gone", {});
    return endpoint;
  }

  /** Refuses anyone but an admin (before a form opens, so nobody fills it in for nothing). */
  async assertCanManage(actor: WebhookActor): Promise<void> {
    await this.assertAdmin(actor);
  }

  private async assertAdmin(actor: WebhookActor): Promise<void> {
    if (actor.role === "admin") return;
    const admins = await this.deps.adminIds(actor.teamId);
    throw new AppError("admin.required", { action: "manage_webhooks", admins: [...admins] });
  }
}

async function audit(
  tx: TransactionRepositories,
  teamId: string,
  actorId: string | null,
  action: string,
  endpointId: string,
  before: unknown,
  after: unknown,
  at: Date,
): Promise<void> {
  return recordAudit(
    tx,
    { teamId, userId: actorId },
    { action, entityType: "webhook", entityId: endpointId, before, after, at },
  );
}

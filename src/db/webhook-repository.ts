import { randomUUID } from "node:crypto";
import {
  isWebhookEventType,
  type WebhookDeliveryStatus,
  type WebhookDeliverySummary,
  type WebhookEndpoint,
  type WebhookEvent,
  webhookBody,
} from "../domain/webhooks.ts";
import type {
  ClaimedWebhookDelivery,
  NewWebhookEndpoint,
  WebhookDeliveryStore,
  WebhookOutbox,
  WebhookRepository,
} from "../services/ports.ts";
import type { Db } from "./client.ts";
import type { WebhookDeliveryModel, WebhookEndpointModel } from "./generated/prisma/models.ts";

function toEndpoint(row: WebhookEndpointModel): WebhookEndpoint {
  return {
    id: row.id,
    teamId: row.workspaceId,
    number: row.number,
    url: row.url,
    events: row.events.filter(isWebhookEventType),
    enabled: row.enabled,
    disabledAt: row.disabledAt,
    disabledReason:
      row.disabledReason === "admin" || row.disabledReason === "failing" ? row.disabledReason : null,
    failingSince: row.failingSince,
    createdById: row.createdById,
    createdAt: row.createdAt,
  };
}

function toSummary(row: WebhookDeliveryModel): WebhookDeliverySummary {
  return {
    deliveryId: row.deliveryId,
    eventType: row.eventType,
    status: row.status.toLowerCase() as WebhookDeliveryStatus,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
  };
}

export class PrismaWebhookOutbox implements WebhookOutbox {
  constructor(private readonly db: Db) {}

  async record(teamId: string, event: WebhookEvent): Promise<void> {
    // One event id for every endpoint (receivers can de-duplicate across retries); one
    // delivery id per endpoint. One statement whatever the number of endpoints.
    const eventId = randomUUID();
    await this.db.$executeRaw`
      insert into webhook_delivery (endpoint_id, event_id, event_type, ordering_key, body, next_attempt_at, created_at)
      select e.id, ${eventId}::uuid, ${event.type}, e.id || ':' || ${event.subject},
             ${webhookBody(eventId, teamId, event)}, ${event.at}, ${event.at}
        from webhook_endpoint e
       where e.workspace_id = ${teamId} and e.enabled and ${event.type} = any(e.events)`;
  }

  async recordFor(endpoint: WebhookEndpoint, event: WebhookEvent): Promise<string> {
    const eventId = randomUUID();
    const row = await this.db.webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        eventId,
        eventType: event.type,
        orderingKey: `${endpoint.id}:${event.subject}`,
        body: webhookBody(eventId, endpoint.teamId, event),
        nextAttemptAt: event.at,
        createdAt: event.at,
      },
    });
    return row.deliveryId;
  }

  async add(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    // The workspace row serialises additions, so W-<n> numbers never collide.
    await this.db.$executeRaw`select 1 from workspace where id = ${endpoint.teamId} for update`;
    const last = await this.db.webhookEndpoint.aggregate({
      where: { workspaceId: endpoint.teamId },
      _max: { number: true },
    });
    const row = await this.db.webhookEndpoint.create({
      data: {
        workspaceId: endpoint.teamId,
        number: (last._max.number ?? 0) + 1,
        url: endpoint.url,
        events: [...endpoint.events],
        secret: endpoint.secret,
        createdById: endpoint.createdById,
        createdAt: endpoint.at,
      },
    });
    return toEndpoint(row);
  }

  async lock(teamId: string, id: string): Promise<WebhookEndpoint | undefined> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      select id from webhook_endpoint where id = ${id}::uuid and workspace_id = ${teamId} for update`;
    if (rows.length === 0) return undefined;
    return toEndpoint(await this.db.webhookEndpoint.findUniqueOrThrow({ where: { id } }));
  }

  async setEnabled(
    id: string,
    enabled: boolean,
    reason: "admin" | "failing" | null,
    at: Date,
  ): Promise<void> {
    await this.db.webhookEndpoint.update({
      where: { id },
      data: enabled
        ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }
        : { enabled: false, disabledAt: at, disabledReason: reason },
    });
    // Enabled again: what waited goes out now (in order), not at the end of its last backoff.
    if (enabled)
      await this.db.webhookDelivery.updateMany({
        where: { endpointId: id, status: { in: ["PENDING", "FAILED"] }, nextAttemptAt: { gt: at } },
        data: { nextAttemptAt: at },
      });
  }

  async remove(id: string): Promise<void> {
    await this.db.webhookEndpoint.deleteMany({ where: { id } });
  }
}

export class PrismaWebhookRepository implements WebhookRepository {
  constructor(private readonly db: Db) {}

  async list(teamId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.db.webhookEndpoint.findMany({
      where: { workspaceId: teamId },
      orderBy: { number: "asc" },
    });
    return rows.map(toEndpoint);
  }

  async find(teamId: string, id: string): Promise<WebhookEndpoint | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.db.webhookEndpoint.findFirst({ where: { id, workspaceId: teamId } });
    return row ? toEndpoint(row) : undefined;
  }

  async recentDeliveries(endpointId: string, limit: number): Promise<WebhookDeliverySummary[]> {
    const rows = await this.db.webhookDelivery.findMany({
      where: { endpointId },
      orderBy: { id: "desc" },
      take: limit,
    });
    return rows.map(toSummary);
  }

  async delivery(deliveryId: string): Promise<WebhookDeliverySummary | undefined> {
    if (!isUuid(deliveryId)) return undefined;
    const row = await this.db.webhookDelivery.findUnique({ where: { deliveryId } });
    return row ? toSummary(row) : undefined;
  }
}

const isUuid = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

export class PrismaWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly db: Db) {}

  async claimDue(
    limit: number,
    lockMs: number,
    now: Date,
    claim: { owner: string; workspaceIds?: readonly string[] },
  ): Promise<ClaimedWebhookDelivery[]> {
    const lockedUntil = new Date(now.getTime() + lockMs);
    const workspaces = claim.workspaceIds ? [...claim.workspaceIds] : null;
    // The oldest unfinished delivery of each ordering key is the only candidate (order per
    // deal or project); the UPDATE re-checks the lock under the row lock, so two instances
    // never claim the same delivery. Disabled endpoints keep theirs until enabled again.
    const rows = await this.db.$queryRaw<
      {
        id: bigint;
        delivery_id: string;
        event_type: string;
        body: string;
        attempts: number;
        created_at: Date;
        endpoint_id: string;
        workspace_id: string;
        url: string;
        secret: string;
        failing_since: Date | null;
        followed: boolean;
      }[]
    >`
      with claimed as (
        update webhook_delivery d
           set locked_until = ${lockedUntil}, locked_by = ${claim.owner}::uuid, attempts = d.attempts + 1
         where d.id in (
           select c.id from (
             select distinct on (w.ordering_key) w.id, w.next_attempt_at, w.locked_until
               from webhook_delivery w
               join webhook_endpoint e on e.id = w.endpoint_id
              where w.status in ('PENDING', 'FAILED') and e.enabled
                and (${workspaces}::text[] is null or e.workspace_id = any(${workspaces}::text[]))
              order by w.ordering_key, w.id
           ) c
           where c.next_attempt_at <= ${now} and (c.locked_until is null or c.locked_until < ${now})
           order by c.id
           limit ${limit})
           and (d.locked_until is null or d.locked_until < ${now})
        returning d.id, d.delivery_id, d.event_type, d.body, d.attempts, d.created_at, d.endpoint_id, d.ordering_key)
      select c.id, c.delivery_id::text, c.event_type, c.body, c.attempts, c.created_at, c.endpoint_id::text,
             e.workspace_id, e.url, e.secret, e.failing_since,
             exists (select 1 from webhook_delivery s
                      where s.ordering_key = c.ordering_key and s.id > c.id and s.status in ('PENDING', 'FAILED')) as followed
        from claimed c join webhook_endpoint e on e.id = c.endpoint_id
       order by c.id`;
    return rows.map((r) => ({
      id: r.id.toString(),
      deliveryId: r.delivery_id,
      eventType: r.event_type,
      body: r.body,
      attempts: r.attempts,
      createdAt: r.created_at,
      endpoint: {
        id: r.endpoint_id,
        teamId: r.workspace_id,
        url: r.url,
        secret: r.secret,
        failingSince: r.failing_since,
      },
      followed: r.followed,
    }));
  }

  async extendLocks(ids: readonly string[], owner: string, lockedUntil: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.$queryRaw<{ id: bigint }[]>`
      update webhook_delivery set locked_until = ${lockedUntil}
       where id = any(${ids}::bigint[]) and locked_by = ${owner}::uuid and status in ('PENDING', 'FAILED')
      returning id`;
    return rows.map((r) => r.id.toString());
  }

  async markDelivered(id: string, owner: string, status: number, now: Date): Promise<void> {
    await this.db.$executeRaw`
      with done as (
        update webhook_delivery
           set status = 'DELIVERED', delivered_at = ${now}, locked_until = null, last_status = ${status}, last_error = null
         where id = ${id}::bigint and locked_by = ${owner}::uuid
        returning endpoint_id)
      update webhook_endpoint set failing_since = null
       where id in (select endpoint_id from done) and failing_since is not null`;
  }

  async scheduleRetry(
    id: string,
    owner: string,
    outcome: { status: number | null; error: string; failedAt: Date; at: Date },
  ): Promise<void> {
    await this.db.$executeRaw`
      with failed as (
        update webhook_delivery
           set status = 'FAILED', next_attempt_at = ${outcome.at}, locked_until = null,
               last_status = ${outcome.status}, last_error = ${outcome.error.slice(0, 1000)}
         where id = ${id}::bigint and locked_by = ${owner}::uuid
        returning endpoint_id)
      update webhook_endpoint set failing_since = ${outcome.failedAt}
       where id in (select endpoint_id from failed) and failing_since is null`;
  }
}

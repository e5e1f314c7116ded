import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type ApiToken, decodeCursor, encodeCursor, type ListCursor } from "../domain/api-access.ts";
import { parseDealRef, parseProjectRef } from "../domain/command-text.ts";
import type { Deal } from "../domain/deal.ts";
import { ZLeadInput } from "../domain/leads.ts";
import { DEFAULT_CURRENCY } from "../domain/money.ts";
import {
  publicAccount,
  publicContactRecord,
  publicDeal,
  publicNote,
  publicProject,
  publicTask,
} from "../domain/public-records.ts";
import { matchStage } from "../domain/stages.ts";
import { AppError } from "../lib/app-error.ts";
import type { DealInput, DealService } from "../services/deal-service.ts";
import type { DeliveryActor, DeliveryService } from "../services/delivery-service.ts";
import type { ExportService } from "../services/export-service.ts";
import type { LeadService } from "../services/lead-service.ts";
import type { RecordPage } from "../services/ports.ts";
import type { RecordsService } from "../services/records-service.ts";
import {
  type DealCreateBody,
  type DealPatchBody,
  pageOf,
  ZAccount,
  ZContact,
  ZDeal,
  ZDealCreate,
  ZDealListQuery,
  ZDealMove,
  ZDealPatch,
  ZLeadAnswer,
  ZNote,
  ZNoteCreate,
  ZPageQuery,
  ZProject,
  ZTask,
} from "./schemas.ts";

/** What an endpoint is given: the parsed request and who is asking. */
export interface ApiCall {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly token: ApiToken;
  readonly actor: DeliveryActor;
  /** The request's Idempotency-Key, when it has one: a creation key for what it creates. */
  readonly idempotencyKey: string | undefined;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  /** A file instead of JSON (the deals as CSV). */
  readonly file?: { readonly contentType: string; readonly name: string; readonly content: string };
}

export interface EndpointServices {
  readonly deals: DealService;
  readonly delivery: DeliveryService;
  readonly records: RecordsService;
  readonly leads: LeadService;
  readonly exports: ExportService;
}

/** An invalid request body or query: parsed by the transport into a 400 with field paths. */
export class RequestInvalid extends Error {
  constructor(readonly issues: readonly z.core.$ZodIssue[]) {
    super("request.invalid");
  }
}

export interface Endpoint {
  readonly method: "GET" | "POST" | "PATCH";
  /** OpenAPI-style path under /api/v1: `/deals/{ref}`. */
  readonly path: string;
  readonly summary: string;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly status: number;
  readonly answer: z.ZodType;
  run(services: EndpointServices, call: ApiCall): Promise<ApiAnswer>;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestInvalid(result.error.issues);
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `D-12` or the deal's id; nothing looser (a name could match another deal tomorrow). */
async function dealOf(services: EndpointServices, teamId: string, ref: string): Promise<Deal> {
  if (UUID.test(ref)) return services.deals.get(teamId, ref.toLowerCase());
  const number = /^d-?\d+$/i.test(ref) ? parseDealRef(ref) : undefined;
  if (number === undefined) throw new AppError("deal.no_match", { query: ref });
  return services.deals.resolve(teamId, `D-${number}`);
}

function cursorOf(query: { cursor?: string | undefined }): ListCursor | undefined {
  if (query.cursor === undefined) return undefined;
  const cursor = decodeCursor(query.cursor);
  if (!cursor)
    throw new RequestInvalid([
      { code: "custom", path: ["cursor"], message: "is not a cursor this API gave out", input: query.cursor },
    ]);
  return cursor;
}

function pageAnswer<T, P>(page: RecordPage<T>, shape: (item: T) => P): ApiAnswer {
  return {
    status: 200,
    body: { data: page.items.map(shape), next_cursor: page.next ? encodeCursor(page.next) : null },
  };
}

function contactsOf(body: { contacts?: DealCreateBody["contacts"] }): DealInput["contacts"] | undefined {
  return body.contacts?.map((c) => ({
    name: c.name,
    title: c.title ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
  }));
}

/** The PATCH's fields over the deal's current ones: only what was sent changes. */
function patched(body: DealPatchBody): (current: DealInput) => DealInput {
  const contacts = contactsOf(body);
  return (current) => ({
    ...current,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.company !== undefined ? { accountName: body.company } : {}),
    ...(body.amount !== undefined ? { amount: body.amount } : {}),
    ...(body.currency !== undefined ? { currency: body.currency } : {}),
    ...(body.owner_id !== undefined ? { ownerId: body.owner_id } : {}),
    ...(body.expected_close_date !== undefined ? { expectedCloseDate: body.expected_close_date } : {}),
    ...(body.next_step !== undefined ? { nextStep: body.next_step } : {}),
    ...(body.next_step_date !== undefined ? { nextStepDate: body.next_step_date } : {}),
    ...(body.source !== undefined ? { source: body.source } : {}),
    ...(contacts ? { contacts } : {}),
  });
}

const page = { query: ZPageQuery, status: 200 } as const;

export const ENDPOINTS: readonly Endpoint[] = [
  {
    method: "GET",
    path: "/deals",
    summary:
      "List deals, most recently updated first; with format=csv, every deal matching the filters as Handoff's export CSV",
    query: ZDealListQuery,
    status: 200,
    answer: pageOf(ZDeal),
    async run(services, call) {
      const query = parse(ZDealListQuery, call.query);
      if (query.format === "csv") return csvOfDeals(services, call.actor.teamId, query);
      const result = await services.records.deals(call.actor.teamId, {
        stage: query.stage,
        ownerId: query.owner,
        updatedSince: query.updated_since ? new Date(query.updated_since) : undefined,
        after: cursorOf(query),
        limit: query.limit,
      });
      return pageAnswer(result, publicDeal);
    },
  },
  {
    method: "POST",
    path: "/deals",
    summary: "Create a deal (its card is posted in the sales channel)",
    body: ZDealCreate,
    status: 201,
    answer: ZDeal,
    async run(services, call) {
      const body = parse(ZDealCreate, call.body);
      let stageId = "";
      if (body.stage !== undefined) {
        const stages = await services.deals.stages(call.actor.teamId);
        const match = stages.find((s) => s.id === body.stage) ?? matchStage(stages, body.stage);
        if ("problem" in match)
          throw new AppError("stage.unmatched", { field: "stage", problem: match.problem });
        stageId = "stage" in match ? match.stage.id : match.id;
      }
      const { deal } = await services.deals.create(
        call.actor,
        {
          name: body.name,
          accountName: body.company ?? null,
          amount: body.amount ?? null,
          currency: body.currency ?? DEFAULT_CURRENCY,
          expectedCloseDate: body.expected_close_date ?? null,
          ownerId: body.owner_id ?? call.actor.userId,
          stageId,
          nextStep: body.next_step ?? null,
          nextStepDate: body.next_step_date ?? null,
          source: body.source ?? null,
          contacts: contactsOf(body) ?? [],
        },
        `api:${call.token.id}:${call.idempotencyKey ?? randomUUID()}`,
      );
      return { status: 201, body: publicDeal(deal) };
    },
  },
  {
    method: "GET",
    path: "/deals/{ref}",
    summary: "One deal, by D-<number> or id",
    status: 200,
    answer: ZDeal,
    async run(services, call) {
      return { status: 200, body: publicDeal(await dealOf(services, call.actor.teamId, call.params.ref!)) };
    },
  },
  {
    method: "PATCH",
    path: "/deals/{ref}",
    summary: "Change a deal's fields (only those sent)",
    body: ZDealPatch,
    status: 200,
    answer: ZDeal,
    async run(services, call) {
      const body = parse(ZDealPatch, call.body);
      const deal = await dealOf(services, call.actor.teamId, call.params.ref!);
      const result = await services.deals.edit(call.actor, deal.id, patched(body));
      return { status: 200, body: publicDeal(result.deal) };
    },
  },
  {
    method: "POST",
    path: "/deals/{ref}/move",
    summary: "Move a deal to a stage, with the same gates as in Slack",
    body: ZDealMove,
    status: 200,
    answer: ZDeal,
    async run(services, call) {
      const body = parse(ZDealMove, call.body);
      const deal = await dealOf(services, call.actor.teamId, call.params.ref!);
      const stages = await services.deals.stages(call.actor.teamId);
      const byId = stages.find((s) => s.id === body.stage);
      const outcome = await services.deals.move(
        call.actor,
        deal.id,
        byId ? { stageId: byId.id } : body.stage,
      );
      switch (outcome.kind) {
        case "moved":
        case "unchanged":
          return { status: 200, body: publicDeal(outcome.deal) };
        case "needs_reason": {
          if (!body.lost_reason) throw new AppError("deal.lost_needs_reason", { field: "reason" });
          const lost = await services.deals.markLost(call.actor, deal.id, body.lost_reason);
          return { status: 200, body: publicDeal(lost.deal) };
        }
        case "needs_handoff": {
          const won = await services.delivery.markWonAwaitingHandoff(call.actor, deal.id, call.token.name);
          return { status: 200, body: publicDeal(won) };
        }
      }
    },
  },
  {
    method: "GET",
    path: "/deals/{ref}/notes",
    summary: "A deal's notes, newest first",
    status: 200,
    answer: pageOf(ZNote),
    async run(services, call) {
      const deal = await dealOf(services, call.actor.teamId, call.params.ref!);
      const notes = await services.records.notes(deal.id);
      return { status: 200, body: { data: notes.map(publicNote), next_cursor: null } };
    },
  },
  {
    method: "POST",
    path: "/deals/{ref}/notes",
    summary: "Add a note to a deal (posted in its card's thread)",
    body: ZNoteCreate,
    status: 201,
    answer: ZDeal,
    async run(services, call) {
      const body = parse(ZNoteCreate, call.body);
      const deal = await dealOf(services, call.actor.teamId, call.params.ref!);
      const key = `api:${call.token.id}:${call.idempotencyKey ?? randomUUID()}`;
      const updated = await services.deals.addNote(call.actor, deal.id, body.body, key);
      return { status: 201, body: publicDeal(updated) };
    },
  },
  {
    method: "GET",
    path: "/accounts",
    summary: "List accounts (companies), newest first",
    ...page,
    answer: pageOf(ZAccount),
    async run(services, call) {
      const query = parse(ZPageQuery, call.query);
      return pageAnswer(
        await services.records.accounts(call.actor.teamId, cursorOf(query), query.limit),
        publicAccount,
      );
    },
  },
  {
    method: "GET",
    path: "/contacts",
    summary: "List contacts, newest first",
    ...page,
    answer: pageOf(ZContact),
    async run(services, call) {
      const query = parse(ZPageQuery, call.query);
      return pageAnswer(
        await services.records.contacts(call.actor.teamId, cursorOf(query), query.limit),
        publicContactRecord,
      );
    },
  },
  {
    method: "GET",
    path: "/projects",
    summary: "List projects with their tasks, most recently updated first",
    ...page,
    answer: pageOf(ZProject),
    async run(services, call) {
      const query = parse(ZPageQuery, call.query);
      return pageAnswer(
        await services.records.projects(call.actor.teamId, cursorOf(query), query.limit),
        publicProject,
      );
    },
  },
  {
    method: "GET",
    path: "/projects/{ref}",
    summary: "One project with its tasks, by P-<number> or id",
    status: 200,
    answer: ZProject,
    async run(services, call) {
      const ref = call.params.ref!;
      const teamId = call.actor.teamId;
      if (UUID.test(ref))
        return { status: 200, body: publicProject(await services.delivery.project(teamId, ref)) };
      const number = /^p-?\d+$/i.test(ref) ? parseProjectRef(ref) : undefined;
      if (number === undefined) throw new AppError("project.no_match", {});
      return {
        status: 200,
        body: publicProject(await services.delivery.resolveProject(teamId, `P-${number}`)),
      };
    },
  },
  {
    method: "GET",
    path: "/tasks",
    summary: "List tasks, most recently updated first",
    ...page,
    answer: pageOf(ZTask),
    async run(services, call) {
      const query = parse(ZPageQuery, call.query);
      return pageAnswer(
        await services.records.tasks(call.actor.teamId, cursorOf(query), query.limit),
        publicTask,
      );
    },
  },
  {
    method: "GET",
    path: "/tasks/{ref}",
    summary: "One task, by T-<number> or id",
    status: 200,
    answer: ZTask,
    async run(services, call) {
      const id = await taskIdOf(services, call.actor.teamId, call.params.ref!);
      return { status: 200, body: publicTask(await services.delivery.task(call.actor.teamId, id)) };
    },
  },
  {
    method: "POST",
    path: "/tasks/{ref}/complete",
    summary: "Mark a task done, as its Done button does",
    status: 200,
    answer: ZTask,
    async run(services, call) {
      const id = await taskIdOf(services, call.actor.teamId, call.params.ref!);
      const outcome = await services.delivery.complete(call.actor, id);
      return { status: 200, body: publicTask(outcome.task) };
    },
  },
  {
    method: "POST",
    path: "/leads",
    summary:
      "A lead: a deal in the first stage with a New lead message (201), or a note on the open deal of the same email within 30 days (200)",
    body: ZLeadInput,
    status: 201,
    answer: ZLeadAnswer,
    async run(services, call) {
      const outcome = await services.leads.receive(
        call.actor.teamId,
        { sourceId: null, name: call.token.name },
        call.body,
      );
      return {
        status: outcome.kind === "new_deal" ? 201 : 200,
        body: { deal: publicDeal(outcome.deal), disposition: outcome.kind },
      };
    },
  },
];

/** The same file `/deal export` sends, filtered by stage and owner. */
async function csvOfDeals(
  services: EndpointServices,
  teamId: string,
  query: { stage?: string | undefined; owner?: string | undefined },
): Promise<ApiAnswer> {
  let stageIds: string[] | undefined;
  if (query.stage !== undefined) {
    const stages = await services.deals.stages(teamId);
    const match = stages.find((s) => s.id === query.stage) ?? matchStage(stages, query.stage);
    if ("problem" in match) throw new AppError("stage.unmatched", { field: "stage", problem: match.problem });
    stageIds = ["stage" in match ? match.stage.id : match.id];
  }
  const exported = await services.exports.dealsCsv(teamId, {
    ...(query.owner !== undefined ? { ownerId: query.owner } : {}),
    ...(stageIds ? { stageIds } : {}),
  });
  return {
    status: 200,
    body: undefined,
    file: { contentType: "text/csv; charset=utf-8", name: exported.fileName, content: exported.csv },
  };
}

async function taskIdOf(services: EndpointServices, teamId: string, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref.toLowerCase();
  const match = /^t-?(\d{1,9})$/i.exec(ref);
  if (!match) throw new AppError("task.gone", {});
  return services.records.taskId(teamId, Number(match[1]));
}

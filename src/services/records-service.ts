import type { ListCursor } from "../domain/api-access.ts";
import type { Deal } from "../domain/deal.ts";
import type { Project, Task } from "../domain/delivery.ts";
import type { Account, Contact, DealNote } from "../domain/public-records.ts";
import { matchStage } from "../domain/stages.ts";
import { AppError } from "../lib/app-error.ts";
import type { RecordPage, RecordsRepository, StageRepository } from "./ports.ts";

export interface DealListQuery {
  /** A stage's name (as `/deal move` reads it) or id. */
  readonly stage?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly updatedSince?: Date | undefined;
  readonly after?: ListCursor | undefined;
  readonly limit: number;
}

/** The most notes of a deal one answer lists (newest first). */
export const NOTES_LISTED = 200;

/**
 * Reading the workspace's records page by page, for other tools (the REST API): the lists
 * Slack never needs whole. Changes go through DealService and DeliveryService.
 */
export class RecordsService {
  constructor(private readonly deps: { records: RecordsRepository; stages: StageRepository }) {}

  async deals(teamId: string, query: DealListQuery): Promise<RecordPage<Deal>> {
    let stageIds: string[] | undefined;
    if (query.stage !== undefined) {
      const stages = await this.deps.stages.list(teamId);
      const byId = stages.find((s) => s.id === query.stage);
      const match = byId ? { ok: true as const, stage: byId } : matchStage(stages, query.stage);
      if (!match.ok) throw new AppError("stage.unmatched", { field: "stage", problem: match.problem });
      stageIds = [match.stage.id];
    }
    return this.deps.records.pageDeals(teamId, {
      limit: query.limit,
      ...(stageIds ? { stageIds } : {}),
      ...(query.ownerId ? { ownerId: query.ownerId } : {}),
      ...(query.updatedSince ? { updatedSince: query.updatedSince } : {}),
      ...(query.after ? { after: query.after } : {}),
    });
  }

  accounts(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Account>> {
    return this.deps.records.pageAccounts(teamId, after, limit);
  }

  contacts(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Contact>> {
    return this.deps.records.pageContacts(teamId, after, limit);
  }

  projects(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Project>> {
    return this.deps.records.pageProjects(teamId, after, limit);
  }

  tasks(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Task>> {
    return this.deps.records.pageTasks(teamId, after, limit);
  }

  notes(dealId: string): Promise<DealNote[]> {
    return this.deps.records.notes(dealId, NOTES_LISTED);
  }

  /** A task's id from its number (`T-21`). */
  async taskId(teamId: string, number: number): Promise<string> {
    const id = await this.deps.records.taskIdByNumber(teamId, number);
    if (!id) throw new AppError("task.gone", {});
    return id;
  }
}

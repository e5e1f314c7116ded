import { DEFAULT_STAGES, type Stage, type StageKind } from "../domain/stages.ts";
import type { StageRepository } from "../services/ports.ts";
import type { Db } from "./client.ts";
import type { StageKind as DbStageKind } from "./generated/prisma/enums.ts";

const kindFromDb: Record<DbStageKind, StageKind> = { OPEN: "open", WON: "won", LOST: "lost" };
const kindToDb: Record<StageKind, DbStageKind> = { open: "OPEN", won: "WON", lost: "LOST" };

export function toStage(row: {
  id: string;
  key: string;
  name: string;
  position: number;
  probability: number;
  staleAfterDays: number | null;
  kind: DbStageKind;
  requiresAmountAndCloseDate: boolean;
}): Stage {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    position: row.position,
    probability: row.probability,
    staleAfterDays: row.staleAfterDays,
    kind: kindFromDb[row.kind],
    requiresAmountAndCloseDate: row.requiresAmountAndCloseDate,
  };
}

export class PrismaStageRepository implements StageRepository {
  constructor(private readonly db: Db) {}

  async list(teamId: string): Promise<Stage[]> {
    const rows = await this.read(teamId);
    if (rows.length > 0) return rows;
    // First use: the workspace gets its own copy of the default pipeline (racing requests are fine).
    await this.db.stage.createMany({
      data: DEFAULT_STAGES.map((s) => ({ ...s, kind: kindToDb[s.kind], workspaceId: teamId })),
      skipDuplicates: true,
    });
    return this.read(teamId);
  }

  async lockWorkspace(teamId: string): Promise<void> {
    await this.db.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`stages:${teamId}`}, 0))`;
  }

  async update(teamId: string, stages: readonly Stage[]): Promise<void> {
    for (const stage of stages) {
      await this.db.stage.update({
        where: { id: stage.id, workspaceId: teamId },
        data: {
          name: stage.name,
          position: stage.position,
          probability: stage.probability,
          staleAfterDays: stage.staleAfterDays,
        },
      });
    }
  }

  private async read(teamId: string): Promise<Stage[]> {
    const rows = await this.db.stage.findMany({
      where: { workspaceId: teamId, archivedAt: null },
      orderBy: { position: "asc" },
    });
    return rows.map(toStage);
  }
}

import { type HomePanelChange, type HomePanelState, isHomePanelKind } from "../domain/home-panel.ts";
import type { Role } from "../domain/workspace.ts";
import type { HomePanels, HomeViewers } from "../services/home-service.ts";
import type {
  DatabaseProbe,
  PersonRepository,
  WorkspaceRecord,
  WorkspaceRepository,
  WorkspaceSettingsChanges,
} from "../services/ports.ts";
import type { Db } from "./client.ts";
import type { Role as DbRole } from "./generated/prisma/enums.ts";

const settingsColumns = {
  id: true,
  salesChannelId: true,
  winsChannelId: true,
  deliveryChannelId: true,
  digestChannelId: true,
  timeZone: true,
  holidays: true,
  holidayPreset: true,
} as const;

type SettingsRow = Omit<WorkspaceRecord, "holidays"> & { holidays: Date[] | null };

/** A DATE column reads as midnight UTC; the calendar date is its first ten characters. */
function toRecord(row: SettingsRow): WorkspaceRecord {
  return { ...row, holidays: (row.holidays ?? []).map((d) => d.toISOString().slice(0, 10)) };
}

function toRow(changes: WorkspaceSettingsChanges) {
  const { holidays, ...rest } = changes;
  return holidays === undefined
    ? rest
    : { ...rest, holidays: holidays.map((d) => new Date(`${d}T00:00:00Z`)) };
}

export class PrismaWorkspaceRepository implements WorkspaceRepository {
  constructor(private readonly db: Db) {}

  async ensure(teamId: string): Promise<WorkspaceRecord> {
    // Read first: the row exists on every request but the first, and a read takes no lock.
    const existing = await this.db.workspace.findUnique({ where: { id: teamId }, select: settingsColumns });
    if (existing) return toRecord(existing);
    // Many first requests race to create it: ON CONFLICT lets every one of them through, also
    // inside a transaction (Prisma's upsert may insert and fail, aborting the transaction).
    await this.db
      .$executeRaw`insert into workspace (id, updated_at) values (${teamId}, now()) on conflict (id) do nothing`;
    return toRecord(
      await this.db.workspace.findUniqueOrThrow({ where: { id: teamId }, select: settingsColumns }),
    );
  }

  async lockSettings(teamId: string): Promise<WorkspaceRecord> {
    await this.ensure(teamId);
    // A transaction-scoped advisory lock rather than the row: deal and project creation
    // update the workspace row for their numbers and must not wait for a settings save.
    await this.db.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`settings:${teamId}`}, 0))`;
    return toRecord(
      (await this.db.workspace.findUnique({ where: { id: teamId }, select: settingsColumns }))!,
    );
  }

  async updateSettings(teamId: string, changes: WorkspaceSettingsChanges): Promise<WorkspaceRecord> {
    return toRecord(
      await this.db.workspace.update({
        where: { id: teamId },
        data: toRow(changes),
        select: settingsColumns,
      }),
    );
  }
}

const roleFromDb: Record<DbRole, Role> = { ADMIN: "admin", MANAGER: "manager", MEMBER: "member" };
const roleToDb: Record<Role, DbRole> = { admin: "ADMIN", manager: "MANAGER", member: "MEMBER" };

export class PrismaPersonRepository implements PersonRepository, HomeViewers, HomePanels {
  constructor(private readonly db: Db) {}

  async markOpened(teamId: string, userId: string, at: Date): Promise<void> {
    // Many opens race on a person's first: ON CONFLICT lets each through.
    await this.db.$executeRaw`
      insert into person (workspace_id, slack_user_id, home_opened_at, updated_at)
      values (${teamId}, ${userId}, ${at}, now())
      on conflict (workspace_id, slack_user_id) do update set home_opened_at = excluded.home_opened_at, updated_at = now()`;
  }

  async readPanel(teamId: string, userId: string): Promise<HomePanelState> {
    const row = await this.db.person.findUnique({
      where: { workspaceId_slackUserId: { workspaceId: teamId, slackUserId: userId } },
      select: { homePanel: true, homeNotice: true, homeNoticeAt: true, homePanelVersion: true },
    });
    if (!row) return { version: 0 };
    return {
      ...(isHomePanelKind(row.homePanel) ? { kind: row.homePanel } : {}),
      ...(row.homeNotice !== null && row.homeNoticeAt !== null
        ? { notice: row.homeNotice, noticeAt: row.homeNoticeAt }
        : {}),
      version: row.homePanelVersion,
    };
  }

  async changePanel(teamId: string, userId: string, change: HomePanelChange, at: Date): Promise<void> {
    const keep = change.panel === undefined;
    const panel = change.panel === undefined || change.panel === "none" ? null : change.panel;
    const notice = change.notice ?? null;
    // One statement: two clicks at once each bump the version, and neither loses the other's.
    await this.db.$executeRaw`
      insert into person (workspace_id, slack_user_id, home_panel, home_notice, home_notice_at, home_panel_version, updated_at)
      values (${teamId}, ${userId}, ${panel}, ${notice}, ${notice === null ? null : at}, 1, now())
      on conflict (workspace_id, slack_user_id) do update set
        home_panel = case when ${keep} then person.home_panel else excluded.home_panel end,
        home_notice = excluded.home_notice,
        home_notice_at = excluded.home_notice_at,
        home_panel_version = person.home_panel_version + 1,
        updated_at = now()`;
  }

  async findRole(teamId: string, slackUserId: string): Promise<Role | undefined> {
    const person = await this.db.person.findUnique({
      where: { workspaceId_slackUserId: { workspaceId: teamId, slackUserId } },
      select: { role: true },
    });
    return person ? roleFromDb[person.role] : undefined;
  }

  async listAdmins(teamId: string): Promise<string[]> {
    const rows = await this.db.person.findMany({
      where: { workspaceId: teamId, role: "ADMIN" },
      select: { slackUserId: true },
    });
    return rows.map((r) => r.slackUserId);
  }

  async listStoredRoles(teamId: string): Promise<Array<{ userId: string; role: Role }>> {
    const rows = await this.db.person.findMany({
      where: { workspaceId: teamId },
      select: { slackUserId: true, role: true },
      orderBy: { slackUserId: "asc" },
    });
    return rows.map((r) => ({ userId: r.slackUserId, role: roleFromDb[r.role] }));
  }

  async setRole(teamId: string, slackUserId: string, role: Role): Promise<void> {
    await this.db.person.upsert({
      where: { workspaceId_slackUserId: { workspaceId: teamId, slackUserId } },
      create: { workspaceId: teamId, slackUserId, role: roleToDb[role] },
      update: { role: roleToDb[role] },
    });
  }
}

/** Up to `limit` workspaces stored (besides `except`), oldest first: whose data a database holds. */
export async function storedWorkspaceIds(
  db: Db,
  options: { readonly except?: string; readonly limit?: number } = {},
): Promise<string[]> {
  const rows = await db.workspace.findMany({
    where: options.except === undefined ? {} : { id: { not: options.except } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 3,
  });
  return rows.map((row) => row.id);
}

export class PrismaDatabaseProbe implements DatabaseProbe {
  constructor(private readonly db: Db) {}

  async isReachable(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const query = this.db.$queryRaw`select 1`.then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

import { isValidTimeZone, todayIn } from "../domain/dates.ts";
import type { Actor } from "../domain/deal.ts";
import { isHolidayCountry } from "../domain/holiday-presets.ts";
import { HOLIDAYS_MAX, type HolidayCalendar, parseHolidayLines } from "../domain/holidays.ts";
import {
  type FieldProblem,
  type FieldProblemAt,
  isSlackConversationId,
  isSlackUserId,
} from "../domain/limits.ts";
import { applyStageEdits, type StageEdit, stagesFingerprint } from "../domain/stage-edits.ts";
import type { Stage } from "../domain/stages.ts";
import {
  effectiveRoles,
  planRoleChanges,
  type RoleLists,
  resolveSettings,
  type SettingsField,
  type SettingsInput,
  type SettingsSnapshot,
  type StoredWorkspaceSettings,
  type WorkspaceDefaults,
  type WorkspaceSettings,
} from "../domain/workspace.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import { pick, recordAudit } from "./audit.ts";
import { invalidFields } from "./field-errors.ts";
import type {
  AuditEvent,
  ChannelDirectory,
  PersonDirectory,
  PersonRepository,
  StageRepository,
  TransactionRepositories,
  UnitOfWork,
  WorkspaceRepository,
  WorkspaceSettingsChanges,
} from "./ports.ts";

export interface AdminActor extends Actor {
  readonly teamId: string;
}

const CHANNEL_COLUMNS = {
  sales: "salesChannelId",
  wins: "winsChannelId",
  delivery: "deliveryChannelId",
  digest: "digestChannelId",
} as const satisfies Record<keyof SettingsInput["channels"], keyof StoredWorkspaceSettings>;

/**
 * Administration: workspace settings stored over the environment's defaults, and
 * the pipeline's stages. Admins only; every save is one transaction with its audit entry, and
 * saves of one workspace are serialised.
 */
export class AdminService {
  constructor(
    private readonly deps: {
      workspaces: WorkspaceRepository;
      people: PersonRepository;
      /** Who a user id is, and what a channel id is, as Slack tells it: a forged form names anything. */
      directory: PersonDirectory;
      channels: ChannelDirectory;
      stages: StageRepository;
      unitOfWork: UnitOfWork;
      defaults: WorkspaceDefaults;
      clock: Clock;
      /** Settings or roles were saved: whoever keeps them for requests reads them again. */
      onSettingsSaved?: (teamId: string) => void;
    },
  ) {}

  /** Refuses anyone but an admin, naming who to ask. */
  async assertAdmin(actor: AdminActor, action: "change_settings" | "edit_stages"): Promise<void> {
    if (actor.role === "admin") return;
    const stored = await this.deps.people.listAdmins(actor.teamId);
    const admins = [...new Set([...this.deps.defaults.admins, ...stored])];
    throw new AppError("admin.required", { action, admins });
  }

  /**
   * The workspace's latest changes for admins and managers, newest first, by one person or
   * about one record; `more` says whether an older page exists.
   */
  async auditLog(
    actor: AdminActor,
    filter: { actorId?: string; entity?: { type: string; id: string } },
    page: number,
    pageSize: number,
  ): Promise<{ events: AuditEvent[]; more: boolean }> {
    if (actor.role !== "admin" && actor.role !== "manager") {
      const stored = await this.deps.people.listAdmins(actor.teamId);
      throw new AppError("audit.not_allowed", {
        admins: [...new Set([...this.deps.defaults.admins, ...stored])],
      });
    }
    const offset = (Math.max(1, page) - 1) * pageSize;
    const rows = await this.deps.unitOfWork.run((tx) =>
      tx.audit.latest(actor.teamId, filter, { offset, limit: pageSize + 1 }),
    );
    return { events: rows.slice(0, pageSize), more: rows.length > pageSize };
  }

  async settings(actor: AdminActor): Promise<SettingsSnapshot> {
    await this.assertAdmin(actor, "change_settings");
    return this.readSettings(actor.teamId);
  }

  /**
   * The settings as they stand, for anyone in the workspace to read: channels, time zone and
   * who the admins and managers are are no secret, and knowing them says whom to ask.
   */
  async readSettings(teamId: string): Promise<SettingsSnapshot> {
    const [stored, storedRoles] = await Promise.all([
      this.deps.workspaces.ensure(teamId),
      this.deps.people.listStoredRoles(teamId),
    ]);
    return {
      settings: resolveSettings(stored, this.deps.defaults),
      roles: effectiveRoles(storedRoles, this.deps.defaults),
      permanentAdmins: this.deps.defaults.admins,
      holidays: stored.holidays,
      holidayPreset: stored.holidayPreset,
    };
  }

  /** Stores what differs from the current settings; returns the names of what changed. */
  async saveSettings(actor: AdminActor, input: SettingsInput): Promise<{ changed: string[] }> {
    await this.assertAdmin(actor, "change_settings");
    const timeZone = input.timeZone.trim();
    if (timeZone !== "" && !isValidTimeZone(timeZone)) {
      throw new AppError("settings.time_zone_unknown", { field: "timeZone", timeZone });
    }
    const admins = new Set([...this.deps.defaults.admins, ...input.admins]);
    if (admins.size === 0) {
      throw new AppError("settings.last_admin", { field: "admins" });
    }
    const now = this.deps.clock.now();
    const holidays = this.readHolidays(input, timeZone === "" ? this.deps.defaults.timeZone : timeZone, now);

    await this.checkNewIds(actor.teamId, input);
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const stored = await tx.workspaces.lockSettings(actor.teamId);
      const before = resolveSettings(stored, this.deps.defaults);
      const changes: Record<string, string | null | string[]> = {};
      for (const [field, column] of Object.entries(CHANNEL_COLUMNS) as Array<
        [keyof SettingsInput["channels"], (typeof CHANNEL_COLUMNS)[keyof typeof CHANNEL_COLUMNS]]
      >) {
        const wanted = input.channels[field];
        if (wanted !== (before.channels[field] ?? null)) changes[column] = wanted;
      }
      if (timeZone !== before.timeZone) changes.timeZone = timeZone === "" ? null : timeZone;
      if (holidays.dates !== undefined && JSON.stringify(holidays.dates) !== JSON.stringify(stored.holidays))
        changes.holidays = holidays.dates;
      if (holidays.preset !== undefined && holidays.preset !== stored.holidayPreset)
        changes.holidayPreset = holidays.preset;
      const updated =
        Object.keys(changes).length > 0
          ? await tx.workspaces.updateSettings(actor.teamId, changes as WorkspaceSettingsChanges)
          : stored;
      const after = resolveSettings(updated, this.deps.defaults);

      const rolesBefore = effectiveRoles(await tx.people.listStoredRoles(actor.teamId), this.deps.defaults);
      const roleChanges = planRoleChanges(
        rolesBefore,
        { admins: [...admins], managers: input.managers },
        this.deps.defaults.admins,
      );
      for (const change of roleChanges) await tx.people.setRole(actor.teamId, change.userId, change.role);
      const rolesAfter = effectiveRoles(await tx.people.listStoredRoles(actor.teamId), this.deps.defaults);

      const beforeView = settingsRecord(before, rolesBefore, stored);
      const afterView = settingsRecord(after, rolesAfter, updated);
      const changed = Object.keys(afterView).filter(
        (key) => JSON.stringify(beforeView[key]) !== JSON.stringify(afterView[key]),
      );
      if (changed.length > 0) {
        await audit(
          tx,
          actor,
          "workspace.settings_changed",
          pick(beforeView, changed),
          pick(afterView, changed),
          now,
        );
      }
      return { changed };
    });
    this.deps.onSettingsSaved?.(actor.teamId);
    return result;
  }

  /**
   * The holidays field and country as they will be stored (undefined: not in the form, kept),
   * or a refusal naming the first bad line.
   */
  private readHolidays(
    input: SettingsInput,
    timeZone: string,
    now: Date,
  ): { dates: string[] | undefined; preset: string | null | undefined } {
    const preset = input.holidayPreset === "" ? null : input.holidayPreset;
    if (typeof preset === "string" && !isHolidayCountry(preset))
      throw invalidFields([{ field: "holidayPreset", problem: { kind: "unknown_choice" } }]);
    if (input.holidays === undefined) return { dates: undefined, preset };
    const parsed = parseHolidayLines(input.holidays, todayIn(timeZone, now));
    if (!parsed.ok) {
      const { line, problem } = parsed;
      throw invalidFields([{ field: "holidays", problem: { kind: "bad_date_line", line, problem } }]);
    }
    if (parsed.dates.length > HOLIDAYS_MAX) {
      const problem = { kind: "too_many", limit: HOLIDAYS_MAX, count: parsed.dates.length } as const;
      throw invalidFields([{ field: "holidays", problem }]);
    }
    return { dates: parsed.dates, preset };
  }

  /**
   * Refuses channels and people the form names for the first time when Slack does not know them
   * as such (no such id, a malformed one, a DM, the bot); what is already set is not asked again.
   */
  private async checkNewIds(teamId: string, input: SettingsInput): Promise<void> {
    const [stored, storedRoles] = await Promise.all([
      this.deps.workspaces.ensure(teamId),
      this.deps.people.listStoredRoles(teamId),
    ]);
    const current = resolveSettings(stored, this.deps.defaults);
    const roles = effectiveRoles(storedRoles, this.deps.defaults);
    const known = new Set([...roles.admins, ...roles.managers, ...this.deps.defaults.admins]);
    const checks: Array<Promise<FieldProblemAt | undefined>> = [];
    const at = (field: SettingsField, problem: Promise<FieldProblem | undefined>) =>
      problem.then((found) => (found ? { field, problem: found } : undefined));
    for (const field of Object.keys(CHANNEL_COLUMNS) as Array<keyof SettingsInput["channels"]>) {
      const wanted = input.channels[field];
      if (wanted !== null && wanted !== (current.channels[field] ?? null))
        checks.push(at(field, this.checkChannel(wanted)));
    }
    for (const field of ["admins", "managers"] as const) {
      for (const userId of new Set(input[field]))
        if (!known.has(userId)) checks.push(at(field, this.checkPerson(userId)));
    }
    const problems = (await Promise.all(checks)).filter((p): p is FieldProblemAt => p !== undefined);
    if (problems.length > 0) throw invalidFields(problems);
  }

  private async checkChannel(channelId: string): Promise<FieldProblem | undefined> {
    if (!isSlackConversationId(channelId)) return { kind: "unknown_channel", channelId };
    // A D… id is always a direct message; asking Slack about it would need a scope Handoff lacks.
    if (channelId.startsWith("D")) return { kind: "not_a_channel", channelId };
    const kind = await this.deps.channels.kindOf(channelId);
    if (kind === "channel") return undefined;
    if (kind === "not_a_channel") return { kind: "not_a_channel", channelId };
    if (kind === "unavailable") return { kind: "channel_unchecked", channelId };
    return { kind: "unknown_channel", channelId };
  }

  private async checkPerson(userId: string): Promise<FieldProblem | undefined> {
    if (!isSlackUserId(userId)) return { kind: "unknown_person", userId };
    const kind = await this.deps.directory.kindOf(userId);
    if (kind === "person") return undefined;
    if (kind === "bot") return { kind: "not_a_person", userId };
    if (kind === "unavailable") return { kind: "person_unchecked", userId };
    return { kind: "unknown_person", userId };
  }

  /** The stages as everyone sees them (no admin needed to look). */
  stages(teamId: string): Promise<Stage[]> {
    return this.deps.stages.list(teamId);
  }

  /** The stages to edit, and the fingerprint the form carries back. */
  async stagesToEdit(actor: AdminActor): Promise<{ stages: Stage[]; fingerprint: string }> {
    await this.assertAdmin(actor, "edit_stages");
    const stages = await this.deps.stages.list(actor.teamId);
    return { stages, fingerprint: stagesFingerprint(stages) };
  }

  /**
   * Applies the form to the stages it was opened on. Refusals carry every problem with its
   * stage and field (details.problems); deals keep their stage ids whatever the names become.
   */
  async saveStages(
    actor: AdminActor,
    edits: readonly StageEdit[],
    fingerprint: string,
  ): Promise<{ stages: Stage[]; changed: Stage[] }> {
    await this.assertAdmin(actor, "edit_stages");
    const now = this.deps.clock.now();
    return this.deps.unitOfWork.run(async (tx) => {
      await tx.stages.lockWorkspace(actor.teamId);
      const current = await tx.stages.list(actor.teamId);
      if (stagesFingerprint(current) !== fingerprint) {
        throw new AppError("stages.changed_since_opened", { problems: [] });
      }
      const result = applyStageEdits(current, edits);
      if (!result.ok) {
        throw new AppError("stages.invalid", { problems: result.problems });
      }
      if (result.changed.length === 0) return { stages: current, changed: [] };
      await tx.stages.update(actor.teamId, result.changed);
      const snapshot = (s: Stage) => ({
        key: s.key,
        name: s.name,
        position: s.position,
        probability: s.probability,
        staleAfterDays: s.staleAfterDays,
      });
      await audit(
        tx,
        actor,
        "stages.edited",
        result.changed.map((s) => snapshot(current.find((c) => c.id === s.id)!)),
        result.changed.map(snapshot),
        now,
      );
      return { stages: result.stages, changed: result.changed };
    });
  }
}

function settingsRecord(
  settings: WorkspaceSettings,
  roles: RoleLists,
  calendar: HolidayCalendar,
): Record<string, unknown> {
  return {
    salesChannel: settings.channels.sales ?? null,
    winsChannel: settings.channels.wins ?? null,
    deliveryChannel: settings.channels.delivery ?? null,
    digestChannel: settings.channels.digest ?? null,
    timeZone: settings.timeZone,
    admins: roles.admins,
    managers: roles.managers,
    holidays: calendar.holidays,
    holidayPreset: calendar.holidayPreset,
  };
}

function audit(
  tx: TransactionRepositories,
  actor: AdminActor,
  action: string,
  before: unknown,
  after: unknown,
  at: Date,
): Promise<void> {
  return recordAudit(tx, actor, {
    action,
    entityType: "workspace",
    entityId: actor.teamId,
    before,
    after,
    at,
  });
}

/** Roles and settings of a workspace: pure rules, no I/O. */

import type { CalendarDate } from "./dates.ts";

export type Role = "admin" | "manager" | "member";

export interface ChannelSettings {
  readonly sales: string | undefined;
  readonly wins: string | undefined;
  readonly delivery: string | undefined;
  readonly digest: string | undefined;
}

export interface WorkspaceSettings {
  readonly channels: ChannelSettings;
  readonly timeZone: string;
}

/** What the environment says; the database may override any of it. */
export interface WorkspaceDefaults extends WorkspaceSettings {
  readonly admins: readonly string[];
  readonly managers: readonly string[];
}

export interface StoredWorkspaceSettings {
  readonly salesChannelId: string | null;
  readonly winsChannelId: string | null;
  readonly deliveryChannelId: string | null;
  readonly digestChannelId: string | null;
  readonly timeZone: string | null;
  /** Days off besides weekends, typed by an admin. */
  readonly holidays: readonly CalendarDate[];
  /** A country whose shipped holidays count too (HOLIDAY_PRESETS), or none. */
  readonly holidayPreset: string | null;
}

/** Settings changed in Slack win over the environment's defaults, field by field. */
export function resolveSettings(
  stored: StoredWorkspaceSettings,
  defaults: WorkspaceSettings,
): WorkspaceSettings {
  return {
    channels: {
      sales: stored.salesChannelId ?? defaults.channels.sales,
      wins: stored.winsChannelId ?? defaults.channels.wins,
      delivery: stored.deliveryChannelId ?? defaults.channels.delivery,
      digest: stored.digestChannelId ?? defaults.channels.digest,
    },
    timeZone: stored.timeZone ?? defaults.timeZone,
  };
}

/**
 * A role stored in Slack settings wins; otherwise the environment lists decide. Admins
 * listed in the environment stay admins, so a workspace can never lock itself out.
 */
export function resolveRole(
  userId: string,
  storedRole: Role | undefined,
  defaults: Pick<WorkspaceDefaults, "admins" | "managers">,
): Role {
  if (defaults.admins.includes(userId)) return "admin";
  if (storedRole) return storedRole;
  if (defaults.managers.includes(userId)) return "manager";
  return "member";
}

/** Who holds which role now, as the settings form shows it. */
export interface RoleLists {
  readonly admins: readonly string[];
  readonly managers: readonly string[];
}

/** Environment lists, overridden person by person by the roles stored in Slack. */
export function effectiveRoles(
  stored: ReadonlyArray<{ userId: string; role: string }>,
  defaults: Pick<WorkspaceDefaults, "admins" | "managers">,
): RoleLists {
  const storedRole = new Map(stored.map((p) => [p.userId, p.role]));
  const admins = new Set([
    ...defaults.admins,
    ...stored.filter((p) => p.role === "admin").map((p) => p.userId),
  ]);
  const managers = new Set(
    [
      ...defaults.managers.filter((id) => !storedRole.has(id)),
      ...stored.filter((p) => p.role === "manager").map((p) => p.userId),
    ].filter((id) => !admins.has(id)),
  );
  return { admins: [...admins].sort(), managers: [...managers].sort() };
}

/**
 * The stored roles that make the chosen lists true. Environment admins stay admins whatever
 * the form says (resolveRole), so they are never written; everyone who loses a role is
 * stored as a member, which also overrides an environment manager.
 */
export function planRoleChanges(
  current: RoleLists,
  chosen: RoleLists,
  envAdmins: readonly string[],
): Array<{ userId: string; role: Role }> {
  const admins = new Set(chosen.admins);
  const managers = new Set(chosen.managers.filter((id) => !admins.has(id)));
  const roleNow = (id: string): Role =>
    current.admins.includes(id) ? "admin" : current.managers.includes(id) ? "manager" : "member";
  const people = new Set([...current.admins, ...current.managers, ...admins, ...managers]);
  const changes: Array<{ userId: string; role: Role }> = [];
  for (const userId of [...people].sort()) {
    if (envAdmins.includes(userId)) continue;
    const role: Role = admins.has(userId) ? "admin" : managers.has(userId) ? "manager" : "member";
    if (role !== roleNow(userId)) changes.push({ userId, role });
  }
  return changes;
}

/** What `/handoff settings` shows: the effective values, and who holds which role. */
export interface SettingsSnapshot {
  readonly settings: WorkspaceSettings;
  readonly roles: RoleLists;
  /** Admins named in HANDOFF_ADMINS: they stay admins whatever the form says. */
  readonly permanentAdmins: readonly string[];
  /** The holiday calendar as stored: the admin's own dates and the country preset. */
  readonly holidays: readonly CalendarDate[];
  readonly holidayPreset: string | null;
}

/** The settings form as submitted; a channel left empty goes back to the environment's default. */
export interface SettingsInput {
  readonly channels: {
    readonly sales: string | null;
    readonly wins: string | null;
    readonly delivery: string | null;
    readonly digest: string | null;
  };
  /** An IANA name; empty goes back to the environment's default. */
  readonly timeZone: string;
  readonly admins: readonly string[];
  readonly managers: readonly string[];
  /** The holidays field as typed: one date per line; undefined (a form without it) keeps them. */
  readonly holidays: string | undefined;
  /** A HOLIDAY_PRESETS country code, or null for none; undefined keeps the stored one. */
  readonly holidayPreset: string | null | undefined;
}

/** Which form field a refusal is about. */
export type SettingsField =
  | "sales"
  | "wins"
  | "delivery"
  | "digest"
  | "timeZone"
  | "admins"
  | "managers"
  | "holidays"
  | "holidayPreset";

/** Roles and settings of a workspace: pure rules, no I/O. */

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

/** What the environment says (PRODUCT §3); the database may override any of it. */
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

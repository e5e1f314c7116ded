import type { Role, StoredWorkspaceSettings } from "../domain/workspace.ts";

/** What services need from storage. db/ implements these; tests may fake them. */

export interface WorkspaceRecord extends StoredWorkspaceSettings {
  readonly id: string;
}

export interface WorkspaceRepository {
  /** The workspace's row, created on first sight of the team. */
  ensure(teamId: string): Promise<WorkspaceRecord>;
}

export interface PersonRepository {
  findRole(teamId: string, slackUserId: string): Promise<Role | undefined>;
}

export interface DatabaseProbe {
  /** true when the database answers a trivial query in time. */
  isReachable(timeoutMs: number): Promise<boolean>;
}

import {
  type Role,
  resolveRole,
  resolveSettings,
  type WorkspaceDefaults,
  type WorkspaceSettings,
} from "../domain/workspace.ts";
import type { PersonRepository, WorkspaceRepository } from "./ports.ts";

/** Who is asking, and in which workspace with which settings: resolved once per request. */
export interface RequestActor {
  readonly teamId: string;
  readonly userId: string;
  readonly role: Role;
  readonly settings: WorkspaceSettings;
}

export class WorkspaceService {
  constructor(
    private readonly deps: {
      workspaces: WorkspaceRepository;
      people: PersonRepository;
      defaults: WorkspaceDefaults;
    },
  ) {}

  async settings(teamId: string): Promise<WorkspaceSettings> {
    return resolveSettings(await this.deps.workspaces.ensure(teamId), this.deps.defaults);
  }

  /** Who to tell when something only an admin can fix goes wrong. */
  async adminIds(teamId: string): Promise<string[]> {
    const stored = await this.deps.people.listAdmins(teamId);
    return [...new Set([...this.deps.defaults.admins, ...stored])];
  }

  async resolveActor(teamId: string, userId: string): Promise<RequestActor> {
    const [workspace, storedRole] = await Promise.all([
      this.deps.workspaces.ensure(teamId),
      this.deps.people.findRole(teamId, userId),
    ]);
    return {
      teamId,
      userId,
      role: resolveRole(userId, storedRole, this.deps.defaults),
      settings: resolveSettings(workspace, this.deps.defaults),
    };
  }
}

import type { Holidays } from "../domain/dates.ts";
import { workspaceHolidays } from "../domain/holidays.ts";
import {
  effectiveRoles,
  type Role,
  type RoleLists,
  resolveRole,
  resolveSettings,
  type WorkspaceDefaults,
  type WorkspaceSettings,
} from "../domain/workspace.ts";
import type { PersonRepository, WorkspaceRecord, WorkspaceRepository } from "./ports.ts";

/** Who is asking, and in which workspace with which settings: resolved once per request. */
export interface RequestActor {
  readonly teamId: string;
  readonly userId: string;
  readonly role: Role;
  readonly settings: WorkspaceSettings;
}

/**
 * Every request needs its workspace's settings and the person's role; they change rarely (an
 * admin's save) while requests come many a second. Kept this long per process; a save here
 * forgets them at once, other instances see it within this time.
 */
export const ACTOR_CACHE_MS = 5_000;

export class WorkspaceService {
  private readonly cached = new Map<
    string,
    { expires: number; value: Promise<unknown>; refreshing: boolean }
  >();

  constructor(
    private readonly deps: {
      workspaces: WorkspaceRepository;
      people: PersonRepository;
      defaults: WorkspaceDefaults;
      /** Milliseconds for cache expiry: real time, whatever clock the domain runs on. */
      now?: () => number;
    },
  ) {}

  /** After an admin changed settings or roles: read them again on the next request. */
  forget(teamId: string): void {
    for (const key of this.cached.keys()) if (key.startsWith(`${teamId}:`)) this.cached.delete(key);
  }

  async settings(teamId: string): Promise<WorkspaceSettings> {
    return resolveSettings(await this.workspace(teamId), this.deps.defaults);
  }

  /** The workspace's days off, from the same cached row as its settings. */
  async holidays(teamId: string): Promise<Holidays> {
    return workspaceHolidays(await this.workspace(teamId));
  }

  /** Who to tell when something only an admin can fix goes wrong. */
  async adminIds(teamId: string): Promise<string[]> {
    const stored = await this.deps.people.listAdmins(teamId);
    return [...new Set([...this.deps.defaults.admins, ...stored])];
  }

  /** Who holds the admin and manager roles now (environment lists and roles stored in Slack). */
  async roles(teamId: string): Promise<RoleLists> {
    return effectiveRoles(await this.deps.people.listStoredRoles(teamId), this.deps.defaults);
  }

  async resolveActor(teamId: string, userId: string): Promise<RequestActor> {
    const [workspace, storedRole] = await Promise.all([
      this.workspace(teamId),
      this.remember(`${teamId}:role:${userId}`, () => this.deps.people.findRole(teamId, userId)),
    ]);
    return {
      teamId,
      userId,
      role: resolveRole(userId, storedRole, this.deps.defaults),
      settings: resolveSettings(workspace, this.deps.defaults),
    };
  }

  private workspace(teamId: string): Promise<WorkspaceRecord> {
    return this.remember(`${teamId}:workspace`, () => this.deps.workspaces.ensure(teamId));
  }

  /**
   * A value younger than ACTOR_CACHE_MS is used as is. An older one is still used while one
   * fresh read runs: under load a read can wait behind busy connections, and no request
   * should wait for what it had a moment ago. Only a first read is waited for.
   */
  private remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.cached.get(key);
    if (hit && (hit.expires > now || hit.refreshing)) return hit.value as Promise<T>;
    const value = load();
    if (hit) hit.refreshing = true;
    else this.cached.set(key, { expires: now + ACTOR_CACHE_MS, value, refreshing: false });
    value.then(
      () => this.cached.set(key, { expires: this.now() + ACTOR_CACHE_MS, value, refreshing: false }),
      // A failed read is not remembered: the next request tries the database again.
      () => this.cached.delete(key),
    );
    return (hit?.value as Promise<T> | undefined) ?? value;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

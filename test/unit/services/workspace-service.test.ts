import { describe, expect, it } from "vitest";
import type { Role, WorkspaceDefaults } from "../../../src/domain/workspace.ts";
import type { PersonRepository, WorkspaceRecord, WorkspaceRepository } from "../../../src/services/ports.ts";
import { ACTOR_CACHE_MS, WorkspaceService } from "../../../src/services/workspace-service.ts";

const DEFAULTS: WorkspaceDefaults = {
  channels: { sales: "C0SALES", wins: undefined, delivery: undefined, digest: undefined },
  timeZone: "UTC",
  admins: ["U0ADMIN"],
  managers: [],
};

/** Repositories that count their reads and answer from plain fields the test changes. */
function fakes() {
  const state = {
    timeZone: "Europe/Berlin" as string | null,
    roles: new Map<string, Role>(),
    reads: 0,
    failNext: false,
  };
  const workspaces: WorkspaceRepository = {
    ensure: async (id) => {
      state.reads++;
      if (state.failNext) {
        state.failNext = false;
        throw new Error("database unavailable");
      }
      return { id, timeZone: state.timeZone } as WorkspaceRecord;
    },
    lockSettings: async () => {
      throw new Error("not used");
    },
    updateSettings: async () => {
      throw new Error("not used");
    },
  };
  const people: PersonRepository = {
    findRole: async (_team, user) => {
      state.reads++;
      return state.roles.get(user);
    },
    listAdmins: async () => [],
    listStoredRoles: async () => [],
    setRole: async () => {},
  };
  let now = 1_000_000;
  const service = new WorkspaceService({ workspaces, people, defaults: DEFAULTS, now: () => now });
  return { state, service, advance: (ms: number) => (now += ms) };
}

describe("WorkspaceService.resolveActor", () => {
  it("reads the workspace and the role once for a burst of requests", async () => {
    const { state, service } = fakes();
    const actors = await Promise.all([1, 2, 3].map(() => service.resolveActor("T1", "U1")));
    expect(actors.map((a) => a.settings.timeZone)).toEqual([
      "Europe/Berlin",
      "Europe/Berlin",
      "Europe/Berlin",
    ]);
    expect(state.reads).toBe(2);
  });

  it("after the cache time, answers with what it had while one fresh read runs", async () => {
    const { state, service, advance } = fakes();
    await service.resolveActor("T1", "U1");
    state.timeZone = "Asia/Tokyo";
    advance(ACTOR_CACHE_MS - 1);
    expect((await service.resolveActor("T1", "U1")).settings.timeZone).toBe("Europe/Berlin");
    expect(state.reads).toBe(2);
    advance(1);
    const during = await Promise.all([1, 2, 3].map(() => service.resolveActor("T1", "U1")));
    expect(during.map((a) => a.settings.timeZone)).toEqual([
      "Europe/Berlin",
      "Europe/Berlin",
      "Europe/Berlin",
    ]);
    expect(state.reads).toBe(4); // one fresh read of each, not one per request
    expect((await service.resolveActor("T1", "U1")).settings.timeZone).toBe("Asia/Tokyo");
    expect(state.reads).toBe(4);
  });

  it("forgets a workspace at once when an admin saved its settings or roles", async () => {
    const { state, service } = fakes();
    expect((await service.resolveActor("T1", "U1")).role).toBe("member");
    await service.resolveActor("T2", "U1");
    state.roles.set("U1", "manager");
    state.timeZone = "Asia/Tokyo";
    service.forget("T1");
    const after = await service.resolveActor("T1", "U1");
    expect(after).toMatchObject({ role: "manager", settings: { timeZone: "Asia/Tokyo" } });
    // Another workspace keeps what it had.
    expect((await service.resolveActor("T2", "U1")).settings.timeZone).toBe("Europe/Berlin");
  });

  it("does not remember a failed read", async () => {
    const { state, service } = fakes();
    state.failNext = true;
    await expect(service.resolveActor("T1", "U1")).rejects.toThrow("database unavailable");
    expect((await service.resolveActor("T1", "U1")).settings.timeZone).toBe("Europe/Berlin");
  });
});

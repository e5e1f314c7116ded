import { describe, expect, it } from "vitest";
import { planRoleChanges, resolveRole, resolveSettings } from "../../../src/domain/workspace.ts";

const defaults = {
  channels: { sales: "C0SALES", wins: "C0WINS", delivery: undefined, digest: "C0DIGEST" },
  timeZone: "UTC",
  admins: ["U0ADMIN"],
  managers: ["U0MAYA"],
};
const nothingStored = {
  salesChannelId: null,
  winsChannelId: null,
  deliveryChannelId: null,
  digestChannelId: null,
  timeZone: null,
  holidays: [],
  holidayPreset: null,
};

describe("resolveSettings", () => {
  it("uses the environment where nothing is stored", () => {
    expect(resolveSettings(nothingStored, defaults)).toEqual({
      channels: defaults.channels,
      timeZone: "UTC",
    });
  });

  it("lets stored settings win field by field", () => {
    const resolved = resolveSettings(
      { ...nothingStored, winsChannelId: "C0NEWWINS", timeZone: "Europe/Berlin" },
      defaults,
    );
    expect(resolved.channels).toEqual({
      sales: "C0SALES",
      wins: "C0NEWWINS",
      delivery: undefined,
      digest: "C0DIGEST",
    });
    expect(resolved.timeZone).toBe("Europe/Berlin");
  });
});

describe("resolveRole", () => {
  it("keeps environment admins admin whatever is stored", () => {
    expect(resolveRole("U0ADMIN", "member", defaults)).toBe("admin");
  });
  it("prefers a stored role over the environment's managers", () => {
    expect(resolveRole("U0MAYA", "member", defaults)).toBe("member");
    expect(resolveRole("U0MAYA", undefined, defaults)).toBe("manager");
    expect(resolveRole("U0ANA", "manager", defaults)).toBe("manager");
    expect(resolveRole("U0ANA", undefined, defaults)).toBe("member");
  });
});

describe("planRoleChanges", () => {
  const current = { admins: ["U0ADMIN", "U0STORED"], managers: ["U0MAYA", "U0BEN"] };

  it("stores only what differs from the roles in effect", () => {
    expect(planRoleChanges(current, current, ["U0ADMIN"])).toEqual([]);
  });

  it("promotes, demotes and never writes an environment admin", () => {
    const chosen = { admins: ["U0ANA"], managers: ["U0MAYA", "U0ADMIN"] };
    expect(planRoleChanges(current, chosen, ["U0ADMIN"])).toEqual([
      { userId: "U0ANA", role: "admin" },
      { userId: "U0BEN", role: "member" },
      { userId: "U0STORED", role: "member" },
    ]);
  });

  it("makes someone chosen as both an admin", () => {
    expect(
      planRoleChanges(
        current,
        { admins: ["U0ADMIN", "U0STORED", "U0BEN"], managers: ["U0MAYA", "U0BEN"] },
        [],
      ),
    ).toEqual([{ userId: "U0BEN", role: "admin" }]);
  });
});

import { describe, expect, it } from "vitest";
import { resolveRole, resolveSettings } from "../../../src/domain/workspace.ts";

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

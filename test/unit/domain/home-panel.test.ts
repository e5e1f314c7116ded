import { describe, expect, it } from "vitest";
import { HOME_NOTICE_SHOWN_MS, isHomePanelKind, recentNotice } from "../../../src/domain/home-panel.ts";

const at = new Date("2026-12-05T10:00:00Z");
const later = (ms: number) => new Date(at.getTime() + ms);

describe("recentNotice", () => {
  const state = { kind: "open_tasks" as const, notice: "Claimed T-21", noticeAt: at, version: 4 };

  it("shows the last click's notice for ten minutes, then no more", () => {
    expect(HOME_NOTICE_SHOWN_MS).toBe(10 * 60_000);
    expect(recentNotice(state, at)).toBe("Claimed T-21");
    expect(recentNotice(state, later(HOME_NOTICE_SHOWN_MS))).toBe("Claimed T-21");
    expect(recentNotice(state, later(HOME_NOTICE_SHOWN_MS + 1))).toBeUndefined();
  });

  it("shows nothing when no click left a notice", () => {
    expect(recentNotice({ kind: "pipeline", version: 1 }, at)).toBeUndefined();
    expect(recentNotice({ version: 0 }, at)).toBeUndefined();
  });
});

describe("isHomePanelKind", () => {
  it("knows the stored panels and nothing else", () => {
    expect(["pipeline", "open_tasks"].every(isHomePanelKind)).toBe(true);
    expect([null, undefined, "", "Pipeline", "deals"].some(isHomePanelKind)).toBe(false);
  });
});

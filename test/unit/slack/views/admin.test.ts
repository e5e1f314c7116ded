import type { InputBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { stagesFingerprint } from "../../../../src/domain/stage-edits.ts";
import { AdminAction, AdminField, AdminView, InputActionId, StageField } from "../../../../src/slack/ids.ts";
import { readPrivateMetadata, ZAdminModalMetadata } from "../../../../src/slack/payloads.ts";
import {
  MAX_EDITABLE_STAGES,
  readSettingsForm,
  readStagesForm,
  settingsModal,
  stageBlockId,
  stageFormErrors,
  stagesMessage,
  stagesModal,
} from "../../../../src/slack/views/admin.ts";
import { blocksOfType, expectValidMessage, expectValidModal, mrkdwnTexts, STAGES } from "./deal-fixtures.ts";

const snapshot = {
  settings: {
    channels: { sales: "C0SALES", wins: "C0WINS", delivery: undefined, digest: "C0DIGEST" },
    timeZone: "Europe/Berlin",
  },
  roles: { admins: ["U0ADMIN"], managers: ["U0MAYA", "U0BEN"] },
  permanentAdmins: ["U0ADMIN"],
  holidays: [],
  holidayPreset: null,
};

function inputs(blocks: readonly unknown[]): InputBlock[] {
  return blocks.filter((b): b is InputBlock => (b as { type?: string }).type === "input");
}

describe("settingsModal", () => {
  it("is a valid modal prefilled with the settings in effect", () => {
    const view = settingsModal(snapshot, { channelId: "C0SALES" });
    expectValidModal(view);
    expect(view.callback_id).toBe(AdminView.Settings);
    const byBlock = Object.fromEntries(inputs(view.blocks).map((b) => [b.block_id, b.element]));
    expect(byBlock[AdminField.SalesChannel]).toMatchObject({
      type: "conversations_select",
      initial_conversation: "C0SALES",
    });
    expect(byBlock[AdminField.WinsChannel]).toMatchObject({ initial_conversation: "C0WINS" });
    expect(byBlock[AdminField.DeliveryChannel]).not.toHaveProperty("initial_conversation");
    expect(byBlock[AdminField.TimeZone]).toMatchObject({ initial_value: "Europe/Berlin" });
    expect(byBlock[AdminField.Admins]).toMatchObject({
      type: "multi_users_select",
      initial_users: ["U0ADMIN"],
    });
    expect(byBlock[AdminField.Managers]).toMatchObject({ initial_users: ["U0MAYA", "U0BEN"] });
    expect(readPrivateMetadata(ZAdminModalMetadata, view.private_metadata)).toEqual({ channelId: "C0SALES" });
  });

  it("writes its hints as plain text people can read (no backticks shown literally)", () => {
    const view = settingsModal(snapshot, {
      channelId: "C0SALES",
      weeklyDigest: { dayOfWeek: 1, time: "09:00" },
    });
    const hints = inputs(view.blocks).flatMap((b) => (b.hint ? [b.hint.text] : []));
    expect(hints.join("\n")).toContain("Other digests: /digest subscribe.");
    for (const hint of hints) expect(hint).not.toContain("`");
  });

  it("reads the submitted values back; an emptied channel is null", () => {
    const values = {
      [AdminField.SalesChannel]: {
        [InputActionId]: { type: "conversations_select", selected_conversation: null },
      },
      [AdminField.WinsChannel]: {
        [InputActionId]: { type: "conversations_select", selected_conversation: "C0NEWWINS" },
      },
      [AdminField.TimeZone]: { [InputActionId]: { type: "plain_text_input", value: "  America/New_York " } },
      [AdminField.Admins]: { [InputActionId]: { type: "multi_users_select", selected_users: ["U0ADMIN"] } },
      [AdminField.Managers]: { [InputActionId]: { type: "multi_users_select", selected_users: [] } },
    };
    expect(readSettingsForm(values)).toEqual({
      channels: { sales: null, wins: "C0NEWWINS", delivery: null, digest: null },
      timeZone: "America/New_York",
      admins: ["U0ADMIN"],
      managers: [],
      // A form opened before the calendar existed says nothing about it: the stored one stays.
      holidays: undefined,
      holidayPreset: undefined,
    });
  });
});

describe("stagesMessage", () => {
  it("lists every stage with its probability, stale period and gate; Edit only for admins", () => {
    const forAdmin = stagesMessage(STAGES, { canEdit: true });
    expectValidMessage(forAdmin);
    const text = mrkdwnTexts(forAdmin.blocks).join("\n");
    expect(text).toContain("*1. Lead* — open · 10% · stale after 7 days");
    expect(text).toContain("*2. Qualified* — open · 25% · stale after 14 days · needs amount and close date");
    expect(text).toContain("*6. Won* — Won (final) · 100% · needs amount and close date");
    const actions = blocksOfType(forAdmin.blocks, "actions");
    expect(actions[0]?.elements[0]).toMatchObject({ action_id: AdminAction.EditStages });

    const forMember = stagesMessage(STAGES, { canEdit: false });
    expect(blocksOfType(forMember.blocks, "actions")).toEqual([]);
    expect(mrkdwnTexts(forMember.blocks).join("\n")).toContain("Only admins can change the stages.");
  });
});

describe("stagesModal", () => {
  const fingerprint = stagesFingerprint(STAGES);

  it("has one input group per stage (stale period for open stages only) and stays valid", () => {
    const view = stagesModal(STAGES, { fingerprint, channelId: "C0SALES" });
    expectValidModal(view);
    const ids = inputs(view.blocks).map((b) => b.block_id);
    const lead = STAGES[0]!;
    const won = STAGES.find((s) => s.kind === "won")!;
    expect(ids).toContain(stageBlockId(StageField.Name, lead.id));
    expect(ids).toContain(stageBlockId(StageField.StaleAfterDays, lead.id));
    expect(ids).toContain(stageBlockId(StageField.Probability, won.id));
    expect(ids).not.toContain(stageBlockId(StageField.StaleAfterDays, won.id));
    expect(inputs(view.blocks)).toHaveLength(5 * 4 + 2 * 3);
    expect(readPrivateMetadata(ZAdminModalMetadata, view.private_metadata)).toEqual({
      channelId: "C0SALES",
      fingerprint,
    });
  });

  it("stays within Slack's 100 blocks with the most stages it edits", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...STAGES[0]!,
      id: `stage-${i}`,
      name: `Stage ${i}`,
    }));
    const view = stagesModal(many, { fingerprint });
    expectValidModal(view);
    expect(inputs(view.blocks)).toHaveLength(MAX_EDITABLE_STAGES * 4);
  });

  it("reads the form back as one edit per stage, and puts problems next to their inputs", () => {
    const lead = STAGES[0]!;
    const won = STAGES.find((s) => s.kind === "won")!;
    const value = (v: string) => ({ [InputActionId]: { type: "plain_text_input", value: v } });
    const edits = readStagesForm({
      [stageBlockId(StageField.Name, lead.id)]: value("Prospect"),
      [stageBlockId(StageField.Order, lead.id)]: value("1"),
      [stageBlockId(StageField.Probability, lead.id)]: value("5"),
      [stageBlockId(StageField.StaleAfterDays, lead.id)]: value("3"),
      [stageBlockId(StageField.Name, won.id)]: value("Won"),
      [stageBlockId(StageField.Order, won.id)]: value("6"),
      [stageBlockId(StageField.Probability, won.id)]: value("100"),
    });
    expect(edits).toEqual([
      { stageId: lead.id, name: "Prospect", order: "1", probability: "5", staleAfterDays: "3" },
      { stageId: won.id, name: "Won", order: "6", probability: "100" },
    ]);
    expect(
      stageFormErrors([
        { stageId: lead.id, field: "staleAfterDays", kind: "stale_days_invalid", max: 365 },
        { stageId: lead.id, field: "staleAfterDays", kind: "order_invalid" },
      ]),
    ).toEqual({
      [stageBlockId(StageField.StaleAfterDays, lead.id)]: "Stale after is a whole number of days, 1 to 365.",
    });
  });
});

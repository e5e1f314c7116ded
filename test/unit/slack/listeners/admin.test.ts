import { describe, expect, it, vi } from "vitest";
import { AdminView, TemplateAction } from "../../../../src/slack/ids.ts";
import { templateEditClicked } from "../../../../src/slack/listeners/admin/actions/template-edit-clicked.ts";
import { handoffCommand } from "../../../../src/slack/listeners/admin/commands/handoff.ts";
import { stagesSubmitted } from "../../../../src/slack/listeners/admin/views/stages-submitted.ts";
import { templateModal } from "../../../../src/slack/views/templates.ts";
import { STAGES } from "../views/deal-fixtures.ts";
import { makeTemplate } from "../views/delivery-fixtures.ts";
import { ANA, call, fakeButton, fakeCommand, fakeDeps, fakeSubmission } from "./fake-args.ts";

describe("/handoff stages (command)", () => {
  it("lists the stages privately in the ack, with Edit stages for an admin", async () => {
    const admin = { stages: vi.fn(async () => STAGES) };
    const args = fakeCommand("/handoff", "  Stages ");
    await call(handoffCommand({ ...fakeDeps({ admin }), delegated: delegated() }), args);
    expect(admin.stages).toHaveBeenCalledWith(ANA.teamId);
    expect(args.ack).toHaveBeenCalledWith(expect.objectContaining({ response_type: "ephemeral" }));
    expect(JSON.stringify(args.ack.mock.calls[0]?.[0])).toContain("admin.edit_stages");
  });
});

describe("Edit on the template list (action)", () => {
  it("opens the template's modal with the click's trigger_id", async () => {
    const template = makeTemplate();
    const templates = { get: vi.fn(async () => template) };
    const args = fakeButton(TemplateAction.Edit, template.id);
    await call(templateEditClicked(fakeDeps({ templates })), args);
    expect(args.ack).toHaveBeenCalledWith();
    expect(templates.get).toHaveBeenCalledWith(ANA, template.id);
    expect(args.client.views.open).toHaveBeenCalledWith({
      trigger_id: "trigger.2",
      view: templateModal(template, { channelId: "C0SALES" }),
    });
  });
});

describe("Save on the stages modal (view submission)", () => {
  it("saves against the fingerprint the form opened with, closes it and says what changed", async () => {
    const admin = { saveStages: vi.fn(async () => ({ stages: STAGES, changed: ["s1"] })) };
    const args = fakeSubmission(
      AdminView.Stages,
      {},
      JSON.stringify({ channelId: "C0ADMIN", fingerprint: "fp1" }),
    );
    await call(stagesSubmitted(fakeDeps({ admin })), args);
    expect(admin.saveStages).toHaveBeenCalledWith(ANA, [], "fp1");
    expect(args.ack).toHaveBeenCalledWith();
    expect(args.client.chat.postEphemeral).toHaveBeenCalledWith(
      expect.objectContaining({ channel: "C0ADMIN", user: ANA.userId }),
    );
  });

  it("reads a forged `state.values: null` as an empty form instead of crashing", async () => {
    const admin = { saveStages: vi.fn(async () => ({ stages: STAGES, changed: [] })) };
    const args = fakeSubmission(AdminView.Stages, {}, "{}");
    (args.view.state as { values: unknown }).values = null;
    await call(stagesSubmitted(fakeDeps({ admin })), args);
    expect(admin.saveStages).toHaveBeenCalledWith(ANA, [], "");
  });
});

function delegated() {
  return { templates: vi.fn(), import: vi.fn(), leads: vi.fn(), webhooks: vi.fn(), api: vi.fn() };
}

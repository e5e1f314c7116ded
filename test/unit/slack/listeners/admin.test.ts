import { describe, expect, it, vi } from "vitest";
import { AdminView, TemplateAction } from "../../../../src/slack/ids.ts";
import { templateEditClicked } from "../../../../src/slack/listeners/admin/actions/template-edit-clicked.ts";
import { auditCommand } from "../../../../src/slack/listeners/admin/commands/audit.ts";
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

describe("/handoff audit (command)", () => {
  it("lists the latest changes privately, filtered by the person and deal typed, on the page asked", async () => {
    const deal = { id: "d-3", number: 3, name: "Umbrella rollout" };
    const events = [
      {
        actorId: "U0BEN",
        action: "deal.edited",
        entityType: "deal",
        entityId: "d-3",
        before: { amount: "50000", name: "Umbrella rollout" },
        after: { amount: "55000", name: "Umbrella rollout" },
        at: new Date("2026-12-01T09:30:00Z"),
      },
    ];
    const admin = { auditLog: vi.fn(async () => ({ events, more: true })) };
    const deals = { resolve: vi.fn(async () => deal) };
    const args = fakeCommand("/handoff", "audit <@U0BEN|ben> D-3 2");
    await call(auditCommand(fakeDeps({ admin, deals })), args);
    expect(deals.resolve).toHaveBeenCalledWith(ANA.teamId, "D-3", ANA.userId);
    expect(admin.auditLog).toHaveBeenCalledWith(
      expect.objectContaining({ userId: ANA.userId }),
      { actorId: "U0BEN", entity: { type: "deal", id: "d-3" } },
      2,
      expect.any(Number),
    );
    const answer = JSON.stringify(args.ack.mock.calls[0]?.[0]);
    expect(answer).toContain("Audit log");
    expect(answer).toContain("<@U0BEN> · `deal.edited` · deal Umbrella rollout");
    expect(answer).toContain("amount: 50000 → 55000");
    expect(answer).toContain("/handoff audit <@U0BEN> D-3 3");
  });
});

function delegated() {
  return {
    templates: vi.fn(),
    audit: vi.fn(),
    import: vi.fn(),
    leads: vi.fn(),
    webhooks: vi.fn(),
    api: vi.fn(),
  };
}

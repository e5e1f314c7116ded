import { describe, expect, it, vi } from "vitest";
import { LeadAction } from "../../../../src/slack/ids.ts";
import { leadSourceRevokeClicked } from "../../../../src/slack/listeners/connect/actions/lead-source-revoke-clicked.ts";
import { leadsCommand } from "../../../../src/slack/listeners/connect/commands/leads.ts";
import { leadTakeClicked } from "../../../../src/slack/listeners/deals/actions/lead-take-clicked.ts";
import { ANA, call, fakeButton, fakeCommand, fakeDeps } from "./fake-args.ts";

const LEAD_ID = "0b6f3f7e-5a43-4d1c-9a55-2f6f0c1d2e3f";
const deal = { number: 12 };

describe("Take it", () => {
  it("asks the service for the clicker and says nothing when they got it (the message changes)", async () => {
    const take = vi.fn(async () => ({ kind: "taken", deal }));
    const args = fakeButton(LeadAction.Take, LEAD_ID);
    await call(leadTakeClicked(fakeDeps({ leads: { take } })), args);
    expect(args.ack).toHaveBeenCalled();
    expect(take).toHaveBeenCalledWith(
      expect.objectContaining({ userId: ANA.userId, teamId: ANA.teamId }),
      LEAD_ID,
    );
    expect(args.respond).not.toHaveBeenCalled();
  });

  it("tells a later clicker privately who was first", async () => {
    const take = vi.fn(async () => ({ kind: "already_taken", deal, by: "U0BEN" }));
    const args = fakeButton(LeadAction.Take, LEAD_ID);
    await call(leadTakeClicked(fakeDeps({ leads: { take } })), args);
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({
        response_type: "ephemeral",
        text: "<@U0BEN> already took this lead (D-12).",
      }),
    );
  });
});

describe("/handoff leads", () => {
  const source = {
    id: LEAD_ID,
    name: "Website form",
    hint: "abcd",
    createdById: "U0ANA",
    createdAt: new Date(),
    revokedAt: null,
  };

  it("add <name> makes a source and shows its secret once", async () => {
    const addSource = vi.fn(async () => ({
      source,
      secret: `hlh_${"x".repeat(43)}`,
      hookPath: `/hooks/leads/hlh_${"x".repeat(43)}`,
      hookUrl: `https://handoff.example.com/hooks/leads/hlh_${"x".repeat(43)}`,
    }));
    const args = fakeCommand("/handoff", "leads add Website form");
    await call(leadsCommand(fakeDeps({ leads: { addSource } })), args);
    expect(addSource).toHaveBeenCalledWith(expect.objectContaining({ userId: ANA.userId }), "Website form");
    expect(JSON.stringify(args.ack.mock.calls[0]?.[0])).toContain(
      `https://handoff.example.com/hooks/leads/hlh_${"x".repeat(43)}`,
    );
  });

  it("lists the sources with Revoke for the live ones", async () => {
    const listSources = vi.fn(async () => [source, { ...source, id: "other", revokedAt: new Date() }]);
    const args = fakeCommand("/handoff", "leads");
    await call(leadsCommand(fakeDeps({ leads: { listSources } })), args);
    const shown = JSON.stringify(args.ack.mock.calls[0]?.[0]);
    expect(shown.match(/"Revoke"/g)).toHaveLength(1);
    expect(shown).toContain("revoked");
  });

  it("Revoke revokes the source of the button and redraws the list", async () => {
    const revokeSource = vi.fn(async () => ({ ...source, revokedAt: new Date() }));
    const listSources = vi.fn(async () => [{ ...source, revokedAt: new Date() }]);
    const args = fakeButton(LeadAction.RevokeSource, LEAD_ID);
    await call(leadSourceRevokeClicked(fakeDeps({ leads: { revokeSource, listSources } })), args);
    expect(revokeSource).toHaveBeenCalledWith(expect.objectContaining({ userId: ANA.userId }), LEAD_ID);
    expect(args.respond).toHaveBeenCalledWith(expect.objectContaining({ replace_original: true }));
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/domain/api-access.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText } from "../support/slack-views.ts";

/**
 * End to end: an admin creates an API token with `/handoff api` (the secret shown once, only
 * its hash stored), sees it listed with its hint, and revokes it after the confirm dialog;
 * nobody else may manage tokens. Both changes are audited.
 */
let h: Harness;
let dm: string;
beforeAll(async () => {
  h = await startHarness();
  dm = h.emulator.openDm(People.admin);
}, 60_000);
afterAll(() => h?.stop());

const lastPrivate = (user: string, channel: string) => h.emulator.ephemerals(user, channel).at(-1);

describe("/handoff api", () => {
  it("refuses anyone but an admin, naming who can", async () => {
    await h.command(People.maya, "/handoff", "api", { channelId: Channels.sales });
    expect(lastPrivate(People.maya, Channels.sales)?.text).toBe(
      "Only Handoff admins can manage API tokens. Ask <@U0ADMIN>.",
    );
  });

  let secret = "";
  it("creates a token: the secret once, in the modal, with a curl example; only a hash is stored", async () => {
    await h.command(People.admin, "/handoff", "api", { channelId: dm });
    expect(blocksText(lastPrivate(People.admin, dm)?.blocks)).toContain("No tokens yet.");
    await h.driver.clickButton(People.admin, { ephemeralOf: People.admin, channelId: dm }, "Create token");
    await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    const response = await h.driver.submitView(People.admin, { Name: "CRM sync", Access: "Read and write" });
    expect(response.outcome.kind).toBe("view_updated");
    const shown = blocksText(h.emulator.openModal(People.admin)?.blocks);
    secret = /hnd_[A-Za-z0-9_-]{43}/.exec(shown)?.[0] ?? "";
    expect(secret).not.toBe("");
    expect(shown).toContain(JSON.stringify(`curl -H "Authorization: Bearer ${secret}"`).slice(1, -1));
    const stored = await h.db!.prisma.apiToken.findFirstOrThrow();
    expect(stored).toMatchObject({ name: "CRM sync", access: "READ_WRITE", secretHash: hashSecret(secret) });
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it("lists it with its hint and who created it, and revokes it; both are audited", async () => {
    await h.command(People.admin, "/handoff", "api", { channelId: dm });
    const list = blocksText(lastPrivate(People.admin, dm)?.blocks);
    expect(list).toContain(`*CRM sync* · read-write · \`hnd_…${secret.slice(-4)}\``);
    expect(list).toContain(`created by <@${People.admin}>`);
    const use = () => fetch(`${h.baseUrl}/api/v1/deals`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await use()).status).toBe(200);
    await h.driver.clickButton(People.admin, { ephemeralOf: People.admin, channelId: dm }, "Revoke");
    await h.app.settle();
    expect((await use()).status).toBe(401); // at once, though this instance had just seen it in use
    const stored = await h.db!.prisma.apiToken.findFirstOrThrow();
    expect(stored.revokedAt).not.toBeNull();
    expect(stored.revokedById).toBe(People.admin);
    const audit = await h.db!.prisma.auditEvent.findMany({
      where: { entityType: "api_token" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["api_token.created", "api_token.revoked"]);
  });

  it("makes a website form's lead source under /handoff api leads, as /handoff leads does", async () => {
    await h.command(People.admin, "/handoff", "api", { channelId: dm });
    expect(blocksText(lastPrivate(People.admin, dm)?.blocks)).toContain("`/handoff api leads`");
    const added = await h.command(People.admin, "/handoff", "api leads add Website form", { channelId: dm });
    const secretShown = /hlh_[A-Za-z0-9_-]{43}/.exec(JSON.stringify(added.body))?.[0];
    expect(secretShown).toBeDefined();
    const source = await h.db!.prisma.leadSource.findFirstOrThrow();
    expect(source.name).toBe("Website form");
    expect(source.secretHash).toBe(hashSecret(secretShown!));
    await h.command(People.admin, "/handoff", "API Leads", { channelId: dm });
    expect(blocksText(lastPrivate(People.admin, dm)?.blocks)).toContain("Website form");
    await h.command(People.maya, "/handoff", "api leads add Sneaky", { channelId: Channels.sales });
    expect(lastPrivate(People.maya, Channels.sales)?.text).toMatch(/^Only Handoff admins can/);
    expect(await h.db!.prisma.leadSource.count()).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TemplateDefinition } from "../../src/domain/delivery.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/** A project of 40 tasks never breaks Block Kit's limits (the emulator rejects what Slack would). */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.stop());

// Cut by code points: a lone surrogate is not text Slack could ever send.
const hostile = (n: number) =>
  Array.from(`<!channel> *big* _launch_ <@U0ANA> & ${"é🎉".repeat(20)} `.repeat(30))
    .slice(0, n)
    .join("");

function fortyTasks(): TemplateDefinition {
  return {
    phases: Array.from({ length: 4 }, (_, p) => ({
      name: `Phase ${p + 1} ${hostile(60)}`,
      tasks: Array.from({ length: 10 }, (_, t) => ({
        key: `p${p}-t${t}`,
        title: `${hostile(140)} ${p}.${t}`,
        ownerRole: "consultant",
        dueOffsetDays: p * 10 + t,
        // Every task waits on all earlier ones in its phase (up to 10), the most "waiting on" text there can be.
        dependsOn: Array.from({ length: Math.min(t, 10) }, (_, d) => `p${p}-t${d}`),
      })),
    })),
  };
}

describe("a project of 40 tasks", () => {
  it("posts its parent, brief and 40 task messages, all accepted by Slack's limits", async () => {
    await h.command(People.ana, "/deal", "new Massive rollout 250k 2027-03-01", {
      channelId: Channels.sales,
    });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, { Company: "Massive Dynamic" });
    await h.app.settle();
    await h.db!.prisma.template.create({
      data: {
        workspaceId: "T0HANDOFF",
        key: "forty",
        name: "Forty tasks",
        definition: fortyTasks() as object,
      },
    });

    await h.command(People.ana, "/deal", "won D-1", { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    const submitted = await h.driver.submitView(People.ana, {
      "Customer goals": hostile(1800),
      "Commitments made": hostile(1800),
      "Key contacts": hostile(1500),
      "Onboarding template": "Forty tasks",
    });
    expect(submitted.outcome.kind).toBe("view_closed");
    await h.app.settle();

    const parent = h.emulator.messages(Channels.delivery)[0]!;
    const replies = h.emulator.messages(Channels.delivery, { threadTs: parent.ts });
    expect(replies).toHaveLength(41);
    const refused = h.emulator.calls.filter((c) => (c.response as { ok?: boolean }).ok === false);
    expect(refused.map((c) => `${c.method}: ${JSON.stringify(c.response)}`)).toEqual([]);
    expect(replies.map((m) => m.text).join("\n")).not.toContain("<!channel>");
    expect(h.problems).toEqual([]);
  }, 60_000);
});

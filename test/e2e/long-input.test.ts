import { toSlackView, validateBlocks, validateView } from "@handoff/slack-emulator";
import { BLOCK_KIT_LIMITS } from "@handoff/slack-emulator/block-kit-limits";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * Outside checks: a message that echoes a person's text must stay within Block Kit's limits, or
 * Slack rejects it and the person sees nothing. Every command and sub-command gets the longest
 * text Slack sends (4,000 characters), in shapes that grow when escaped; every answer must
 * pass the emulator's Block Kit validator.
 */
const SLACK_COMMAND_TEXT_MAX = 4_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.command(People.ana, "/deal", "new Acme renewal", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, { Company: "Acme", Amount: "10k" });
  await h.app.settle();
}, 60_000);
afterAll(() => h?.stop());

const COMMANDS: Record<string, readonly string[]> = {
  "/deal": [
    "",
    "new ",
    "list ",
    "find ",
    "show ",
    "move ",
    "move D-1 ",
    "won ",
    "lost D-1 ",
    "note D-1 ",
    "edit ",
    "help ",
  ],
  "/pipeline": ["", "share "],
  "/project": ["", "new ", "P-1 "],
  "/tasks": ["", "open ", "overdue "],
  "/digest": ["", "now ", "subscribe ", "list ", "unsubscribe ", "help "],
  "/handoff": ["", "help ", "settings ", "stages ", "templates "],
};

/** Filler that is long as typed and longer once escaped for mrkdwn. */
const FILLERS = {
  letters: "x",
  ampersands: "&amp;",
  words: "proposal ",
  mentions: "<@U0BEN|ben> ",
};

function fill(prefix: string, unit: string): string {
  const room = SLACK_COMMAND_TEXT_MAX - prefix.length;
  return prefix + unit.repeat(Math.ceil(room / unit.length)).slice(0, room);
}

describe("the longest input to every command", () => {
  const cases = Object.entries(COMMANDS).flatMap(([command, verbs]) =>
    verbs.flatMap((verb) =>
      Object.entries(FILLERS).map(([filler, unit]) => [command, verb, filler, unit] as const),
    ),
  );

  it.each(cases)("%s %s<%s>: a private answer Slack accepts", async (command, verb, _filler, unit) => {
    const text = fill(verb, unit);
    expect(text.length).toBe(SLACK_COMMAND_TEXT_MAX);
    const before = h.emulator.ephemerals(People.admin).length;
    const response = await h.command(People.admin, command, text, { channelId: Channels.sales });
    expect(response.status).toBe(200);
    expect(response.outcome.kind, JSON.stringify(response.outcome)).not.toBe("rejected");
    const body = response.body as { text?: string; blocks?: unknown[] } | undefined;
    const answers = [
      ...(body && typeof body === "object" ? [body] : []),
      ...h.emulator.ephemerals(People.admin).slice(before),
    ];
    // A command may answer by opening a modal (prefilled from the text): Slack checks that too.
    const modal = h.emulator.openModal(People.admin);
    if (modal) expect(validateView(toSlackView(modal))).toEqual([]);
    expect(answers.length + (modal ? 1 : 0), "some answer").toBeGreaterThan(0);
    for (const answer of answers) {
      if (answer.blocks) expect(validateBlocks(answer.blocks, "message")).toEqual([]);
      // Without blocks the text is shown as one section: the same limit holds.
      else expect((answer.text ?? "").length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    }
    expect(h.problems.map((p) => `${p.msg}: ${p.err?.message ?? ""}`)).toEqual([]);
    h.emulator.closeAllModals(People.admin);
  });
});

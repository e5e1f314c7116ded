import { formatProblem, messageBlocksTooLong, validateBlocks, validateView } from "@handoff/slack-emulator";
import type { KnownBlock } from "@slack/types";
import { expect } from "vitest";
import type { Deal } from "../../../../src/domain/deal.ts";
import { DEFAULT_STAGES, type Stage } from "../../../../src/domain/stages.ts";
import type { MessageView } from "../../../../src/slack/views/messages.ts";

/** Wednesday 2 Dec 2026, mid-morning UTC. */
export const NOW = new Date("2026-12-02T10:00:00Z");
export const TODAY = "2026-12-02";
const DAY_MS = 86_400_000;

export function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

export const STAGES: readonly Stage[] = DEFAULT_STAGES.map((definition) => ({
  ...definition,
  id: `5a9e0000-0000-4000-8000-00000000000${definition.position}`,
}));

export function stage(key: string): Stage {
  const found = STAGES.find((s) => s.key === key);
  if (!found) throw new Error(`no stage ${key}`);
  return found;
}

export function makeDeal(overrides: Partial<Deal> = {}): Deal {
  return {
    id: "d3a10000-0000-4000-8000-000000000012",
    number: 12,
    name: "Acme renewal",
    accountName: "Acme",
    amount: "12000",
    currency: "USD",
    stage: stage("proposal"),
    ownerId: "U0ANA",
    awaitingOwner: false,
    expectedCloseDate: "2026-12-05",
    nextStep: "Send the proposal",
    nextStepDate: "2026-12-03",
    source: "referral",
    contacts: [
      { name: "Jane Doe", title: "CTO", email: "jane@acme.example", phone: null },
      { name: "Raj Iyer", title: null, email: null, phone: "+44 20 7946 0000" },
    ],
    lostReason: null,
    stageEnteredAt: daysAgo(5),
    lastActivityAt: daysAgo(3),
    closedAt: null,
    createdAt: daysAgo(30),
    card: null,
    version: 3,
    ...overrides,
  };
}

/** Every kind of trouble a person can type: mentions, broadcasts, links, markup, emoji. */
export const HOSTILE_PIECE = "<@U1> <!channel> *bold* _it_ & <https://evil.example|click> > quote 👩🏽‍💻🎉 ";

export function hostile(length: number): string {
  return HOSTILE_PIECE.repeat(Math.ceil(length / HOSTILE_PIECE.length)).slice(0, length);
}

/** Every mrkdwn text in the blocks: where Slack would parse `<!channel>` and friends. */
export function mrkdwnTexts(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
    } else if (typeof node === "object" && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.type === "mrkdwn" && typeof record.text === "string") found.push(record.text);
      for (const child of Object.values(record)) walk(child);
    }
  };
  walk(value);
  return found;
}

/** Every string anywhere in the value. */
export function allStrings(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") found.push(node);
    else if (Array.isArray(node)) for (const item of node) walk(item);
    else if (typeof node === "object" && node !== null) for (const child of Object.values(node)) walk(child);
  };
  walk(value);
  return found;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Slack accepts it as a message: every limit, the 50 blocks, the total size, a fallback text. */
export function expectValidMessage(view: MessageView): void {
  expect(view.text.length).toBeGreaterThan(0);
  expect(view.blocks).toBeDefined();
  expect(validateBlocks(view.blocks, "message").map(formatProblem)).toEqual([]);
  expect(messageBlocksTooLong(view.blocks)).toBe(false);
  for (const text of allStrings(view)) expect(text).not.toMatch(LONE_SURROGATE);
}

export function expectValidModal(view: unknown): void {
  expect(validateView(view).map(formatProblem)).toEqual([]);
  for (const text of allStrings(view)) expect(text).not.toMatch(LONE_SURROGATE);
}

/** Nothing a user typed can ping a channel or become a mention or link where Slack parses mrkdwn. */
export function expectNoRawTokens(view: MessageView): void {
  for (const text of [view.text, ...mrkdwnTexts(view.blocks)]) {
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<https://evil");
    expect(text).not.toContain("<@U1>");
  }
}

export function blocksOfType<T extends KnownBlock["type"]>(
  blocks: readonly KnownBlock[] | undefined,
  type: T,
): Extract<KnownBlock, { type: T }>[] {
  return (blocks ?? []).filter((b): b is Extract<KnownBlock, { type: T }> => b.type === type);
}

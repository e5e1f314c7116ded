import type { EmulatorMessage } from "@handoff/slack-emulator";
import { EFFECT_EVENT_TYPE } from "../../src/slack/effects/post-once.ts";
import type { ChaosRun, Tally } from "./chaos-burst.ts";
import { Channels } from "./e2e-harness.ts";
import { blocksText } from "./slack-views.ts";

export interface Audit {
  acknowledged: { moves: number; claims: number; wins: number };
  /** Acknowledged requests whose work is not in the database. */
  lost: string[];
  /** Slack messages posted more than once (the same effect, or the same line in a thread). */
  duplicated: string[];
  /** Messages the database says should be in Slack and are not, or cards not showing the current state. */
  neverPosted: string[];
  /** Threads whose replies are not in the order of the changes they report. */
  outOfOrder: string[];
  effects: { delivered: number; other: number; maxAttempts: number };
}

/** Everything the app has posted, thread replies included. */
function everyMessage(run: ChaosRun): EmulatorMessage[] {
  return [Channels.sales, Channels.wins, Channels.delivery].flatMap((channel) =>
    run.emulator
      .messages(channel)
      .flatMap((parent) => [
        parent,
        ...run.emulator.messages(channel, { threadTs: parent.ts }).filter((m) => m.ts !== parent.ts),
      ]),
  );
}

const effectIdOf = (m: EmulatorMessage): string | undefined => {
  const metadata = m.metadata as { event_type?: string; event_payload?: { effect_id?: unknown } } | undefined;
  return metadata?.event_type === EFFECT_EVENT_TYPE ? String(metadata.event_payload?.effect_id) : undefined;
};

/** What the database says happened, against what Slack shows. */
export async function audit(run: ChaosRun, tally: Tally): Promise<Audit> {
  const prisma = run.db.prisma;
  const lost: string[] = [];
  const duplicated: string[] = [];
  const neverPosted: string[] = [];
  const outOfOrder: string[] = [];

  // 0 acknowledged requests lost: each one's work is in the database.
  const done = new Set((await prisma.processedRequest.findMany({ select: { key: true } })).map((r) => r.key));
  for (const move of tally.moves)
    if (!done.has(`deal.move:command:${move.trigger}`)) lost.push(`move of D-${move.deal} (${move.trigger})`);
  const tasks = await prisma.task.findMany({ orderBy: [{ projectId: "asc" }, { position: "asc" }] });
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  for (const claim of tally.claims) {
    const task = taskById.get(claim.taskId);
    const told = run.emulator
      .ephemerals(claim.user, Channels.delivery)
      .some((e) => /already claimed by|already yours|Nothing was changed/.test(e.text ?? ""));
    if (task?.assigneeId !== claim.user && !told) lost.push(`claim of T-${task?.number} by ${claim.user}`);
  }
  const deals = await prisma.deal.findMany({
    include: { stage: true, project: true },
    orderBy: { number: "asc" },
  });
  for (const number of tally.wins) {
    const deal = deals.find((d) => d.number === number);
    if (deal?.stage.key !== "won" || !deal.project) lost.push(`win of D-${number}`);
  }

  // 0 duplicated: no effect posted twice.
  const messages = everyMessage(run);
  const byEffect = new Map<string, number>();
  for (const m of messages) {
    const id = effectIdOf(m);
    if (id) byEffect.set(id, (byEffect.get(id) ?? 0) + 1);
  }
  for (const [id, count] of byEffect) if (count > 1) duplicated.push(`effect ${id} posted ${count} times`);

  // Deal threads: one line per stage change, in the order of the changes; the card current.
  const changes = await prisma.dealStageChange.findMany({
    where: { fromStageId: { not: null } },
    include: { fromStage: true, toStage: true },
    orderBy: [{ changedAt: "asc" }, { id: "asc" }],
  });
  for (const deal of deals) {
    const expected = changes
      .filter((c) => c.dealId === deal.id)
      .map((c) => (c.toStage.key === "won" ? "Won" : `${c.fromStage!.name} → ${c.toStage.name}`));
    const shown = run.emulator
      .messages(Channels.sales, { threadTs: deal.cardTs! })
      .filter((m) => m.ts !== deal.cardTs)
      .map((m) => {
        const moved = (m.text ?? "").match(/moved \*(.+?) → (.+?)\*/);
        if (moved) return `${moved[1]} → ${moved[2]}`;
        return /marked \*Won\*/.test(m.text ?? "") ? "Won" : `other: ${m.text}`;
      });
    compare(`D-${deal.number} thread`, expected, shown, { duplicated, neverPosted, outOfOrder });
    // A deal nobody changed keeps the card it was seeded with (text only), which the app never drew.
    if (expected.length === 0) continue;
    const card = run.emulator.message(Channels.sales, deal.cardTs!);
    if (!card || !blocksText(card.blocks).includes(deal.stage.name))
      neverPosted.push(`D-${deal.number} card does not show ${deal.stage.name}`);
  }

  // Project threads: the parent once, then the brief and each task once, in the template's order.
  const projects = await prisma.project.findMany({ orderBy: { number: "asc" } });
  const parents = run.emulator.messages(Channels.delivery);
  const wins = run.emulator.messages(Channels.wins);
  for (const project of projects) {
    const ref = `P-${project.number}`;
    const heads = parents.filter((m) => blocksText(m.blocks).includes(`${ref} ·`));
    if (heads.length !== 1)
      (heads.length ? duplicated : neverPosted).push(`${ref} thread parent ×${heads.length}`);
    const announced = wins.filter((m) => new RegExp(`\\b${ref}\\b`).test(blocksText(m.blocks)));
    if (announced.length !== 1)
      (announced.length ? duplicated : neverPosted).push(`${ref} announcement ×${announced.length}`);
    const parent = heads[0];
    if (!parent) continue;
    const own = tasks.filter((t) => t.projectId === project.id);
    const expected = ["brief", ...own.map((t) => `T-${t.number}`)];
    const shown = run.emulator
      .messages(Channels.delivery, { threadTs: parent.ts })
      .filter((m) => m.ts !== parent.ts)
      .map((m) => (m.text ?? "").match(/^(T-\d+) /)?.[1] ?? "brief");
    compare(`${ref} thread`, expected, shown, { duplicated, neverPosted, outOfOrder });
    for (const task of own.filter((t) => t.assigneeId)) {
      const message = task.messageTs ? run.emulator.message(Channels.delivery, task.messageTs) : undefined;
      if (!message || !blocksText(message.blocks).includes(`<@${task.assigneeId}>`))
        neverPosted.push(`T-${task.number} message does not show its assignee`);
    }
  }

  const effects = await prisma.slackEffect.groupBy({
    by: ["status"],
    _count: true,
    _max: { attempts: true },
  });
  const delivered = effects.find((e) => e.status === "DELIVERED")?._count ?? 0;
  const other = effects.filter((e) => e.status !== "DELIVERED").reduce((n, e) => n + e._count, 0);
  if (other > 0)
    neverPosted.push(`${other} effects not delivered (${effects.map((e) => e.status).join(", ")})`);
  return {
    acknowledged: { moves: tally.moves.length, claims: tally.claims.length, wins: tally.wins.length },
    lost,
    duplicated,
    neverPosted,
    outOfOrder,
    effects: { delivered, other, maxAttempts: Math.max(0, ...effects.map((e) => e._max.attempts ?? 0)) },
  };
}

/** Expected lines against shown ones: extras are duplicates, absentees never posted, else the order. */
function compare(
  where: string,
  expected: string[],
  shown: string[],
  into: Pick<Audit, "duplicated" | "neverPosted" | "outOfOrder">,
): void {
  const left = [...shown];
  for (const line of expected) {
    const at = left.indexOf(line);
    if (at === -1) into.neverPosted.push(`${where}: ${line}`);
    else left.splice(at, 1);
  }
  for (const line of left) into.duplicated.push(`${where}: ${line} (extra)`);
  if (left.length === 0 && shown.length === expected.length && shown.join("|") !== expected.join("|"))
    into.outOfOrder.push(`${where}: ${shown.join(", ")} (changes: ${expected.join(", ")})`);
}

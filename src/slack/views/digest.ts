import {
  BLOCK_KIT_LIMITS as L,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "@handoff/slack-emulator/block-kit-limits";
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import { formatDealRef, formatProjectRef, formatTaskRef } from "../../domain/command-text.ts";
import { formatDate } from "../../domain/dates.ts";
import { progressBar } from "../../domain/delivery-rules.ts";
import {
  type Amount,
  type AttentionReason,
  type DailyDigest,
  type DealLine,
  type ProjectLine,
  pipelineTotals,
  type StageTotal,
  type WeeklyDigest,
} from "../../domain/digest.ts";
import type { DigestSchedule } from "../../domain/digest-schedule.ts";
import { DigestAction } from "../ids.ts";
import { button, context, divider, header } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { sections } from "./pipeline.ts";
import { amountText, countText, fitMrkdwn, oneLine, ownerText, userMention } from "./text.ts";

const NAME_MAX = { deal: 60, stage: 40, project: 60, reason: 80, task: 80 } as const;

/** How much of a long digest fits: fewer list items first, then fewer currencies per figure. */
interface Detail {
  readonly items: number;
  readonly currencies: number;
}

const DETAIL_LEVELS: readonly Detail[] = [
  { items: 10, currencies: 4 },
  { items: 5, currencies: 3 },
  { items: 3, currencies: 2 },
  { items: 0, currencies: 1 },
];

// ───────────── Text helpers ─────────────

function moneyList(amounts: readonly Amount[], max: number): string {
  if (amounts.length === 0) return "—";
  const shown = amounts.slice(0, Math.max(1, max)).map((a) => amountText(a.value, a.currency));
  const rest = amounts.length - shown.length;
  return rest > 0
    ? `${shown.join(" + ")} + ${countText(rest, "other currency", "other currencies")}`
    : shown.join(" + ");
}

/** "+$10,000", "−€2,500", for changes; zero changes are left out. */
function signedMoneyList(amounts: readonly Amount[], max: number): string {
  const moved = amounts.filter((a) => !/^-?0(\.0+)?$/.test(a.value));
  return moved
    .slice(0, Math.max(1, max))
    .map((a) =>
      a.value.startsWith("-")
        ? `−${amountText(a.value.slice(1), a.currency)}`
        : `+${amountText(a.value, a.currency)}`,
    )
    .join(" ");
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0";
}

function dealName(deal: Pick<DealLine, "number" | "name">): string {
  return `*${formatDealRef(deal.number)}* ${fitMrkdwn(oneLine(deal.name), NAME_MAX.deal)}`;
}

function projectName(project: Pick<ProjectLine, "number" | "name">): string {
  return `*${formatProjectRef(project.number)}* ${fitMrkdwn(oneLine(project.name), NAME_MAX.project)}`;
}

/** Up to `max` items, then "and N more" for the rest of `count`. */
function listLines<T>(items: readonly T[], count: number, max: number, line: (item: T) => string): string[] {
  const shown = items.slice(0, max);
  const lines = shown.map(line);
  const hidden = count - shown.length;
  if (hidden > 0) lines.push(shown.length > 0 ? `and ${hidden} more` : countText(hidden, "deal", "deals"));
  return lines;
}

function fields(texts: readonly string[]): SectionBlock {
  return {
    type: "section",
    fields: texts
      .slice(0, L.sectionFields)
      .map((text) => ({ type: "mrkdwn", text: text.slice(0, L.fieldText) })),
  };
}

function fitted(build: (detail: Detail) => KnownBlock[]): KnownBlock[] {
  let blocks: KnownBlock[] = [];
  for (const detail of DETAIL_LEVELS) {
    blocks = build(detail);
    if (blocks.length <= L.messageBlocks && JSON.stringify(blocks).length <= MESSAGE_BLOCKS_MAX_JSON_CHARS)
      return blocks;
  }
  return blocks.slice(0, L.messageBlocks);
}

function localDate(iso: string, timeZone: string, today: string): string {
  const date = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
  return formatDate(date, { today });
}

// ───────────── The weekly digest ─────────────

function stageLine(stage: WeeklyDigest["stages"][number], detail: Detail): string {
  const name = `*${fitMrkdwn(oneLine(stage.name), NAME_MAX.stage) || "—"}* (${stage.probability}%)`;
  const values = stage.totals.map((t) => ({ currency: t.currency, value: t.value }));
  const weighted = stage.totals.map((t) => ({ currency: t.currency, value: t.weighted }));
  const figures =
    stage.count === 0
      ? "no deals"
      : `${countText(stage.count, "deal", "deals")} · ${moneyList(values, detail.currencies)} · weighted ${moneyList(weighted, detail.currencies)}`;
  return `${name} — ${figures}${changeText(stage.change, detail)}`;
}

function changeText(change: { count: number; totals: readonly StageTotal[] } | null, detail: Detail): string {
  if (!change) return "";
  const money = signedMoneyList(
    change.totals.map((t) => ({ currency: t.currency, value: t.value })),
    detail.currencies,
  );
  if (change.count === 0 && money === "") return " _(no change)_";
  return ` _(${signed(change.count)}${money ? ` · ${money}` : ""})_`;
}

function weeklyBlocks(d: WeeklyDigest, detail: Detail, frame: Frame): KnownBlock[] {
  const open = pipelineTotals(d.stages);
  const previous = d.previousAsOf ? d.stages.map((s) => s.change) : null;
  const openChange = previous?.every((c) => c !== null)
    ? {
        count: previous.reduce((n, c) => n + c!.count, 0),
        totals: pipelineTotals(previous.map((c) => ({ count: c!.count, totals: c!.totals }))).totals,
      }
    : null;
  const since = d.previousAsOf
    ? `change since ${localDate(d.previousAsOf, d.timeZone, d.today)}`
    : "first digest: no change to show yet";
  const blocks: KnownBlock[] = [
    header("Weekly digest"),
    context(
      `Week to ${formatDate(d.today, { withYear: true })} · ${d.timeZone} · ${since}`.slice(0, L.textObject),
    ),
    ...sections([
      "*Pipeline by stage*",
      ...d.stages.map((s) => stageLine(s, detail)),
      `*Open pipeline* — ${countText(open.count, "deal", "deals")} · ${moneyList(
        open.totals.map((t) => ({ currency: t.currency, value: t.value })),
        detail.currencies,
      )} · weighted ${moneyList(
        open.totals.map((t) => ({ currency: t.currency, value: t.weighted })),
        detail.currencies,
      )}${changeText(openChange, detail)}`,
    ]),
    fields([
      `*Forecast — this month* (${d.forecast.month.label})\nWon ${moneyList(d.forecast.month.won, detail.currencies)}\nWeighted ${moneyList(d.forecast.month.weighted, detail.currencies)}`,
      `*Forecast — this quarter* (${d.forecast.quarter.label})\nWon ${moneyList(d.forecast.quarter.won, detail.currencies)}\nWeighted ${moneyList(d.forecast.quarter.weighted, detail.currencies)}`,
    ]),
    divider(),
    fields([
      `*Won this week*\n${countText(d.won.count, "deal", "deals")} · ${moneyList(d.won.totals, detail.currencies)}`,
      `*Lost this week*\n${countText(d.lost.count, "deal", "deals")}`,
      `*Win rate* (${d.trailing.days} days)\n${
        d.trailing.winRatePercent === null
          ? "— no deals closed"
          : `${d.trailing.winRatePercent}% · ${d.trailing.won} won, ${d.trailing.lost} lost`
      }`,
      `*Average days to close*\n${d.trailing.avgDaysToClose === null ? "— no wins" : `${d.trailing.avgDaysToClose} days`}`,
    ]),
  ];
  if (d.won.count > 0 && detail.items > 0)
    blocks.push(
      ...sections([
        "*Won*",
        ...listLines(
          d.won.items,
          d.won.count,
          detail.items,
          (w) => `• ${dealName(w)} — ${amountText(w.amount, w.currency)} · ${ownerText(w)}`,
        ),
      ]),
    );
  if (d.lost.count > 0) {
    const reasons = d.lost.reasons
      .slice(0, Math.max(3, detail.items))
      .map((r) => `${fitMrkdwn(oneLine(r.reason), NAME_MAX.reason)} ×${r.count}`)
      .join(" · ");
    blocks.push(
      ...sections([
        "*Lost*",
        ...(detail.items > 0
          ? listLines(
              d.lost.items,
              d.lost.count,
              detail.items,
              (l) =>
                `• ${dealName(l)} — ${amountText(l.amount, l.currency)} · ${ownerText(l)} · _${
                  l.reason ? fitMrkdwn(oneLine(l.reason), NAME_MAX.reason) : "no reason given"
                }_`,
            )
          : []),
        `Reasons: ${reasons}`,
      ]),
    );
  }
  blocks.push(
    ...sections([
      `*Stale deals* (${d.stale.count})`,
      ...(d.stale.count === 0
        ? ["None — every open deal has had recent activity."]
        : listLines(
            d.stale.items,
            d.stale.count,
            detail.items,
            (s) =>
              `• ${dealName(s)} — ${fitMrkdwn(oneLine(s.stageName), NAME_MAX.stage)}, ${countText(s.quietDays, "day", "days")} quiet · ${ownerText(s)}`,
          )),
    ]),
    ...sections([
      `*Close date passed* (${d.pastClose.count})`,
      ...(d.pastClose.count === 0
        ? ["None — every open deal's close date is ahead."]
        : listLines(
            d.pastClose.items,
            d.pastClose.count,
            detail.items,
            (p) =>
              `• ${dealName(p)} — was ${formatDate(p.closeDate, { today: d.today })} · ${amountText(p.amount, p.currency)} · ${ownerText(p)}`,
          )),
    ]),
    divider(),
    header("Delivery"),
    fields([
      `*Active projects*\n${d.delivery.active.count}`,
      `*Tasks completed this week*\n${d.delivery.tasksCompleted}`,
      `*Overdue tasks*\n${overdueText(d.delivery.overdueByPerson, detail)}`,
      `*Unclaimed, ready to start*\n${countText(d.delivery.unclaimed, "task", "tasks")}`,
    ]),
  );
  if (d.delivery.active.count > 0)
    blocks.push(
      ...sections([
        "*Active projects*",
        ...listLines(d.delivery.active.items, d.delivery.active.count, detail.items, projectLineText),
      ]),
    );
  blocks.push(
    ...sections([
      `*Projects at risk* (${d.delivery.atRisk.count})`,
      ...(d.delivery.atRisk.count === 0
        ? ["None — every active project is on track."]
        : listLines(d.delivery.atRisk.items, d.delivery.atRisk.count, detail.items, projectLineText)),
    ]),
  );
  if (frame.share) blocks.push({ type: "actions", elements: [frame.share] } satisfies ActionsBlock);
  if (frame.footer) blocks.push(context(frame.footer.slice(0, L.textObject)));
  return blocks;
}

const HEALTH_TEXT: Record<ProjectLine["health"], string> = {
  on_track: ":large_green_circle: on track",
  at_risk: ":large_yellow_circle: at risk",
  late: ":red_circle: late",
};

function projectLineText(p: ProjectLine): string {
  const overdue = p.overdue > 0 ? ` · ${p.overdue} overdue` : "";
  return `• ${projectName(p)} — ${progressBar(p.done, p.total)} ${p.done}/${p.total} · ${HEALTH_TEXT[p.health]}${overdue}`;
}

function overdueText(rows: WeeklyDigest["delivery"]["overdueByPerson"], detail: Detail): string {
  if (rows.length === 0) return "None";
  const max = Math.max(3, detail.items);
  const shown = rows
    .slice(0, max)
    .map((r) => `${r.userId === null ? "unclaimed" : userMention(r.userId)} ${r.count}`);
  return `${shown.join(" · ")}${rows.length > max ? ` · and ${rows.length - max} more` : ""}`;
}

interface Frame {
  readonly footer?: string;
  readonly share?: Button;
}

function weeklyText(d: WeeklyDigest): string {
  const open = pipelineTotals(d.stages);
  return `Weekly digest: ${countText(open.count, "open deal", "open deals")}, ${d.won.count} won and ${d.lost.count} lost this week, ${d.stale.count} stale`;
}

/** The weekly manager digest as posted in a channel. */
export function weeklyDigestMessage(d: WeeklyDigest, options: { footer?: string } = {}): MessageView {
  const frame: Frame = options.footer ? { footer: options.footer } : {};
  return { text: weeklyText(d), blocks: fitted((detail) => weeklyBlocks(d, detail, frame)) };
}

/** `/digest now weekly`: only the asker sees it, with a button to share it in the channel. */
export function weeklyDigestPreview(d: WeeklyDigest): MessageView {
  const frame: Frame = {
    footer: "Only you can see this.",
    share: button("Share in channel", DigestAction.Share, "weekly"),
  };
  return { text: weeklyText(d), blocks: fitted((detail) => weeklyBlocks(d, detail, frame)) };
}

// ───────────── The daily digest ─────────────

const REASON_TEXT: Record<AttentionReason, string> = {
  past_close: "close date passed",
  stale: "gone quiet",
  no_next_step: "no next step",
};

function dailyBlocks(d: DailyDigest, detail: Detail, footer: string | undefined): KnownBlock[] {
  const items = Math.max(detail.items, 1);
  const blocks: KnownBlock[] = [
    header("Your daily digest"),
    context(
      `${formatDate(d.today, { withYear: true })} · for ${userMention(d.userId)}`.slice(0, L.textObject),
    ),
  ];
  if (d.deals.count > 0)
    blocks.push(
      ...sections([
        `*Deals that need you* (${d.deals.count})`,
        ...listLines(
          d.deals.items,
          d.deals.count,
          items,
          (deal) =>
            `• ${dealName(deal)} — ${fitMrkdwn(oneLine(deal.stageName), NAME_MAX.stage)} · ${amountText(deal.amount, deal.currency)} · ${deal.reasons.map((r) => REASON_TEXT[r]).join(", ")}${
              deal.reasons.includes("past_close") && deal.closeDate
                ? ` (${formatDate(deal.closeDate, { today: d.today })})`
                : ""
            }`,
        ),
      ]),
    );
  if (d.tasks.count > 0)
    blocks.push(
      ...sections([
        `*Tasks overdue or due today* (${d.tasks.count})`,
        ...listLines(
          d.tasks.items,
          d.tasks.count,
          items,
          (t) =>
            `• *${formatTaskRef(t.number)}* ${fitMrkdwn(oneLine(t.title), NAME_MAX.task)} — ${formatProjectRef(t.projectNumber)} ${fitMrkdwn(oneLine(t.projectName), NAME_MAX.project)} · ${
              t.dueDate < d.today ? `overdue since ${formatDate(t.dueDate, { today: d.today })}` : "due today"
            }`,
        ),
      ]),
    );
  if (d.deals.count === 0 && d.tasks.count === 0)
    blocks.push(...sections(["Nothing needs you today: no deal needs attention and no task is due."]));
  blocks.push(
    context((footer ?? "`/deal list` shows your deals · `/tasks` your tasks").slice(0, L.textObject)),
  );
  return blocks;
}

/** The daily personal digest: my deals that need attention and my tasks due. */
export function dailyDigestMessage(d: DailyDigest, options: { footer?: string } = {}): MessageView {
  const text =
    d.deals.count === 0 && d.tasks.count === 0
      ? "Your daily digest: nothing needs you today"
      : `Your daily digest: ${countText(d.deals.count, "deal needs", "deals need")} attention, ${countText(d.tasks.count, "task is", "tasks are")} due`;
  return { text, blocks: fitted((detail) => dailyBlocks(d, detail, options.footer)) };
}

// ───────────── Subscriptions ─────────────

export interface ListedSubscription {
  readonly number: number;
  readonly channelId: string;
  readonly schedule: DigestSchedule;
  readonly next: Date;
  readonly isDefault: boolean;
  readonly personal: boolean;
}

function whereText(s: Pick<ListedSubscription, "channelId" | "schedule" | "personal">): string {
  if (s.schedule.kind === "daily")
    return s.personal ? "to you by DM" : `to each person by DM (set up in <#${s.channelId}>)`;
  return s.personal ? "here, in your DM with Handoff" : `in <#${s.channelId}>`;
}

function nextText(next: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(next);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const date = `${part("year")}-${part("month")}-${part("day")}`;
  return `${formatDate(date, { withYear: true })} ${part("hour")}:${part("minute")}`;
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "Mondays at 09:00 (Europe/Berlin)", "Every day at 08:30 (UTC)". */
export function describeSchedule(schedule: DigestSchedule): string {
  const when = schedule.kind === "weekly" ? `${DAY_NAMES[schedule.dayOfWeek ?? 1]}s at` : "Every day at";
  return `${when} ${schedule.time} (${schedule.timeZone})`;
}

/** "Mondays at 09:00 (Europe/Berlin)" as typed names are spelled; only "Every day" starts lower-case. */
function scheduleInSentence(schedule: DigestSchedule): string {
  return describeSchedule(schedule).replace(/^Every /, "every ");
}

/**
 * `/digest subscribe`: what now goes out where. `replaced` is the schedule the channel's
 * subscription had before (a channel has one per kind), said so the change is not silent.
 */
export function subscribedMessage(
  s: ListedSubscription,
  replaced: DigestSchedule | null = null,
): MessageView {
  const what = s.schedule.kind === "weekly" ? "The weekly digest" : "The daily digest";
  const now = scheduleInSentence(s.schedule);
  const change =
    replaced === null
      ? `${what} goes out ${now} ${whereText(s)}.`
      : describeSchedule(replaced) === describeSchedule(s.schedule)
        ? `${what} already goes out ${now} ${whereText(s)} — nothing changed.`
        : `${what} ${whereText(s)} now goes out ${now}, instead of ${scheduleInSentence(replaced)} — a channel has one subscription per kind.`;
  const text = `:white_check_mark: *S-${s.number}* — ${change} Next: ${nextText(s.next, s.schedule.timeZone)}. \`/digest unsubscribe S-${s.number}\` stops it.`;
  return {
    text: replaced === null ? `Subscribed: S-${s.number}` : `Changed: S-${s.number}`,
    blocks: sections([text]),
  };
}

export function subscriptionListMessage(list: readonly ListedSubscription[]): MessageView {
  if (list.length === 0) {
    const text =
      "No digest subscriptions. `/digest subscribe weekly monday 09:00` posts the weekly digest in this channel.";
    return { text, blocks: sections([text]) };
  }
  const shown = list.slice(0, 40);
  const lines = shown.map(
    (s) =>
      `• *S-${s.number}* ${s.schedule.kind} — ${describeSchedule(s.schedule)} ${whereText(s)} · next ${nextText(s.next, s.schedule.timeZone)}${s.isDefault ? " · _default_" : ""}`,
  );
  if (list.length > shown.length) lines.push(`and ${list.length - shown.length} more`);
  return {
    text: `${countText(list.length, "digest subscription", "digest subscriptions")}`,
    blocks: [
      header("Digest subscriptions"),
      ...sections(lines),
      context("`/digest unsubscribe S-3` stops one · `/digest subscribe …` adds one"),
    ],
  };
}

export function unsubscribedMessage(s: { number: number }): MessageView {
  const text = `S-${s.number} is cancelled: no more digests from it.`;
  return { text, blocks: sections([text]) };
}

export const DIGEST_HELP = [
  "`/digest now [weekly|daily]` — the digest, right now, only for you",
  "`/digest subscribe [weekly|daily] [day] [HH:MM] [zone]` — post it in this channel on a schedule (daily digests go to each person by DM)",
  "`/digest list` — the subscriptions",
  "`/digest unsubscribe S-3` — stop one",
].join("\n");

export function digestHelpMessage(): MessageView {
  return { text: "How to use /digest", blocks: sections([DIGEST_HELP]) };
}

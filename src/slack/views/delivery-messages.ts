import type {
  ActionsBlock,
  Button,
  ContextBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
  UsersSelect,
} from "@slack/types";
import { formatDealRef, formatProjectRef, formatTaskRef, truncateText } from "../../domain/command-text.ts";
import { type CalendarDate, formatDate, isValidCalendarDate, todayIn } from "../../domain/dates.ts";
import type { Deal } from "../../domain/deal.ts";
import type { Project, ProjectHealth, Task, TaskDependencyRef, TaskState } from "../../domain/delivery.ts";
import {
  progressBar,
  projectHealth,
  projectProgress,
  taskState,
  waitingOn,
} from "../../domain/delivery-rules.ts";
import { ProjectAction, TaskAction, TaskBlock } from "../ids.ts";
import { BLOCK_KIT_LIMITS as L, MESSAGE_BLOCKS_MAX_JSON_CHARS } from "./block-kit-limits.ts";
import type { MessageView } from "./messages.ts";
import { amountText, countText, fitMrkdwn, oneLine, plainText, userMention } from "./text.ts";

/**
 * The delivery side of PRODUCT §5 in Slack: the win announcement, each project's parent message
 * and the thread under it (the handoff brief, then one message per task), the `/project` and
 * `/tasks` answers, and the private refusals of task controls.
 */

// ---------------------------------------------------------------------------------------------
// Shared pieces.

/** Per-item caps well under Slack's own, so lists of many items stay within a message. */
const MAX = {
  projectName: 150,
  customer: 150,
  taskTitle: 200,
  /** A task title inside another line ("waiting on T-39 …", a list row). */
  shortTitle: 80,
  phase: 60,
  role: 60,
  fallback: 300,
} as const;

/** Slack answers `msg_blocks_too_long` past this; the views keep some room below it. */
const JSON_BUDGET = MESSAGE_BLOCKS_MAX_JSON_CHARS - 300;

function jsonLength(value: unknown): number {
  return JSON.stringify(value).length;
}

function section(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function context(text: string): ContextBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

function field(label: string, value: string): MrkdwnElement {
  return { type: "mrkdwn", text: `*${label}*\n${value}` };
}

function button(text: string, actionId: string, value: string, style?: "primary" | "danger"): Button {
  return {
    type: "button",
    text: { type: "plain_text", text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  } satisfies Button;
}

/** "Fri 5 Dec" (with the year when it isn't this year's); "—" for a malformed stored date. */
function dateText(date: CalendarDate, today?: CalendarDate): string {
  if (!isValidCalendarDate(date)) return "—";
  return formatDate(date, today !== undefined && isValidCalendarDate(today) ? { today } : {});
}

/** The calendar day an instant fell on in the workspace's zone (UTC without one, or for an unknown one). */
function dayOf(instant: Date, timeZone: string | undefined): CalendarDate | undefined {
  if (Number.isNaN(instant.getTime())) return undefined;
  try {
    return todayIn(timeZone ?? "UTC", instant);
  } catch {
    return todayIn("UTC", instant);
  }
}

function projectRef(project: Pick<Project, "number">): string {
  return formatProjectRef(project.number);
}

function projectName(project: Pick<Project, "name">, max: number = MAX.projectName): string {
  return fitMrkdwn(oneLine(project.name), max) || "—";
}

/** "P-3 · Acme onboarding" as plain text: the parent message's header. */
function projectTitle(project: Pick<Project, "number" | "name">): string {
  return plainText(`${projectRef(project)} · ${oneLine(project.name)}`, L.headerText);
}

function taskRef(task: Pick<Task, "number">): string {
  return formatTaskRef(task.number);
}

function taskTitle(task: Pick<Task, "title">, max: number = MAX.taskTitle): string {
  return fitMrkdwn(oneLine(task.title), max) || "—";
}

function isOverdue(task: Pick<Task, "done" | "dueDate">, today: CalendarDate): boolean {
  return !task.done && task.dueDate !== null && isValidCalendarDate(task.dueDate) && task.dueDate < today;
}

/** "due Fri 5 Dec", with " · *overdue*" when it has passed and the task is open; "" without a date. */
function dueText(task: Pick<Task, "done" | "dueDate">, today: CalendarDate): string {
  if (task.dueDate === null) return "";
  const due = `due ${dateText(task.dueDate, today)}`;
  return isOverdue(task, today) ? `${due} · *overdue*` : due;
}

const HEALTH: Readonly<Record<ProjectHealth, string>> = {
  on_track: "🟢 On track",
  at_risk: "🟠 At risk",
  late: "🔴 Late",
};

/** "🟢 On track" for an active project; "✅ Completed" or "Cancelled" otherwise. */
function statusText(project: Project, today: CalendarDate): string {
  switch (project.status) {
    case "completed":
      return "✅ Completed";
    case "cancelled":
      return "Cancelled";
    default:
      return HEALTH[projectHealth(project.tasks, today)] ?? "Active";
  }
}

/** "5/17 ▰▰▱▱▱▱▱▱▱▱". */
function progressText(tasks: readonly Task[]): string {
  const { done, total } = projectProgress(tasks);
  return `${done}/${total} ${progressBar(done, total)}`;
}

/** Open tasks first by due date (undated last), then in plan order. */
function compareNextUp(a: Task, b: Task): number {
  const da = a.dueDate ?? "9999-12-31";
  const db = b.dueDate ?? "9999-12-31";
  if (da !== db) return da < db ? -1 : 1;
  return a.position - b.position || a.number - b.number;
}

const DEPENDENCIES_SHOWN = 5;

/** "T-39 Integrations and data import, T-40 Validate data and 2 more". */
function dependencyList(refs: readonly TaskDependencyRef[]): string {
  const shown = refs.slice(0, DEPENDENCIES_SHOWN).map((r) => `${taskRef(r)} ${taskTitle(r, MAX.shortTitle)}`);
  const more = refs.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** What a task's state says in one line, without its reference and title. */
function stateLine(task: Task, state: TaskState, today: CalendarDate, timeZone?: string): string {
  const due = dueText(task, today);
  const parts: string[] = [];
  switch (state) {
    case "done": {
      const by = task.completedById === null ? "" : ` by ${userMention(task.completedById)}`;
      const day = task.completedAt === null ? undefined : dayOf(task.completedAt, timeZone);
      const on = day === undefined ? "" : ` on ${dateText(day, today)}`;
      return `✅ Done${by}${on}`;
    }
    case "waiting": {
      const open = waitingOn(task);
      parts.push(open.length > 0 ? `Waiting on ${dependencyList(open)}` : "Waiting");
      if (task.assigneeId !== null) parts.push(userMention(task.assigneeId));
      break;
    }
    case "claimed":
      parts.push(task.assigneeId === null ? "Claimed" : userMention(task.assigneeId));
      break;
    default:
      parts.push("Ready · unclaimed");
  }
  if (due) parts.push(due);
  return parts.join(" · ");
}

// ---------------------------------------------------------------------------------------------
// The wins channel.

export interface WinAnnouncementContext {
  readonly daysToClose: number;
  /** The onboarding project opened for it, if any. */
  readonly projectNumber: number | null;
}

function closedInText(days: number): string {
  const whole = Math.max(0, Math.floor(days));
  return whole === 0 ? "closed the day it was opened" : `closed in ${countText(whole, "day", "days")}`;
}

/** "🎉 *Acme* won — €12,500 · @ana · closed in 23 days", with the deal and its project below. */
export function winAnnouncement(deal: Deal, ctx: WinAnnouncementContext): MessageView {
  const who = fitMrkdwn(oneLine(deal.accountName ?? "") || oneLine(deal.name), MAX.customer) || "—";
  const amount = amountText(deal.amount, deal.currency);
  const closed = closedInText(ctx.daysToClose);
  const line = `🎉 *${who}* won — ${amount} · ${userMention(deal.ownerId)} · ${closed}`;
  const dealLine = `${formatDealRef(deal.number)} · ${fitMrkdwn(oneLine(deal.name), MAX.projectName) || "—"}`;
  const handover =
    ctx.projectNumber === null
      ? dealLine
      : `${dealLine} · Handed over to delivery as *${formatProjectRef(ctx.projectNumber)}*`;
  return {
    text: `🎉 ${who} won — ${amount} · ${closed}`,
    blocks: [section(line), context(handover)],
  };
}

// ---------------------------------------------------------------------------------------------
// The project's parent message and its card.

export interface ProjectMessageContext {
  readonly today: CalendarDate;
  /** The workspace's IANA zone, to name the day the project completed (UTC without it). */
  readonly timeZone?: string;
}

function projectFields(project: Project, today: CalendarDate): SectionBlock {
  const customer = project.accountName === null ? "" : fitMrkdwn(oneLine(project.accountName), MAX.customer);
  return {
    type: "section",
    fields: [
      field("Customer", customer || "—"),
      field("Deal", project.dealNumber === null ? "— none" : formatDealRef(project.dealNumber)),
      field("Sales owner", project.salesOwnerId === null ? "—" : userMention(project.salesOwnerId)),
      field(
        "Delivery lead",
        project.deliveryLeadId === null ? "— nobody yet" : userMention(project.deliveryLeadId),
      ),
      field("Kickoff", dateText(project.kickoffDate, today)),
      field("Progress", progressText(project.tasks)),
      field("Status", statusText(project, today)),
    ],
  };
}

function projectBlocks(project: Project, ctx: ProjectMessageContext): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: projectTitle(project) } },
    projectFields(project, ctx.today),
  ];
  if (project.status === "completed") {
    const day = project.completedAt === null ? undefined : dayOf(project.completedAt, ctx.timeZone);
    blocks.push(
      section(day === undefined ? "✅ *Completed*" : `✅ *Completed on ${dateText(day, ctx.today)}*`),
    );
  }
  return blocks;
}

function projectFallback(project: Project, today: CalendarDate): string {
  const { done, total } = projectProgress(project.tasks);
  const status = statusText(project, today);
  return fitMrkdwn(
    `${projectRef(project)} · ${oneLine(project.name)} — ${done}/${total} · ${status}`,
    MAX.fallback,
  );
}

/** The parent message in the delivery channel; its thread holds the brief and the tasks. */
export function projectParentMessage(project: Project, ctx: ProjectMessageContext): MessageView {
  const blocks = projectBlocks(project, ctx);
  if (project.status === "active") blocks.push(context("Tasks are in the thread ↓"));
  if (project.status === "cancelled") blocks.push(context("This project was cancelled."));
  return { text: projectFallback(project, ctx.today), blocks };
}

export interface ProjectCardContext extends ProjectMessageContext {
  /** The parent message's permalink (chat.getPermalink). */
  readonly permalink?: string;
}

const NEXT_TASKS = 5;

/** Only an https link with nothing that could end Slack's `<url|label>` early. */
function safeLink(url: string | undefined): string | undefined {
  if (url === undefined || url.length > L.url) return undefined;
  return /^https:\/\/[^\s<>|]+$/.test(url) ? url : undefined;
}

/** "*T-41* Provision access — @ben · due Fri 5 Dec · *overdue*" */
function nextTaskLine(task: Task, today: CalendarDate): string {
  return `*${taskRef(task)}* ${taskTitle(task, MAX.shortTitle)} — ${stateLine(task, taskState(task), today)}`;
}

/** `/project P-3`: the parent message's content, a link to the thread and the next open tasks. */
export function projectCardMessage(project: Project, ctx: ProjectCardContext): MessageView {
  const blocks = projectBlocks(project, ctx);
  const link = safeLink(ctx.permalink);
  if (link) blocks.push(section(`<${link}|Open the thread →>`));
  const open = project.tasks.filter((t) => taskState(t) !== "done").sort(compareNextUp);
  if (open.length > 0) {
    const lines = open.slice(0, NEXT_TASKS).map((t) => nextTaskLine(t, ctx.today));
    blocks.push(section(`*Next up*\n${lines.join("\n")}`));
    const more = open.length - lines.length;
    if (more > 0) blocks.push(context(`and ${countText(more, "more open task", "more open tasks")}`));
  } else if (project.tasks.length > 0) {
    blocks.push(context("Every task is done."));
  }
  return { text: projectFallback(project, ctx.today), blocks };
}

// ---------------------------------------------------------------------------------------------
// The handoff brief: the first reply in the project thread.

export interface DealNote {
  readonly authorId: string;
  readonly body: string;
  readonly at: Date;
}

export interface HandoffBriefContext {
  readonly dealNotes: readonly DealNote[];
  /** Shows note dates without this year's year. */
  readonly today?: CalendarDate;
  /** The workspace's IANA zone, to name the day of each note (UTC without it). */
  readonly timeZone?: string;
}

/** Caps at full size; all shrink together when a brief would not fit one message. */
const BRIEF_MAX = {
  goals: 2900,
  commitments: 2900,
  keyContacts: 2900,
  note: 600,
} as const;

/** Below this much room for notes, the three long sections are cut further to make some. */
const NOTES_MIN_BUDGET = 2500;
const NOTE_BLOCKS_MAX = 40;
const SCALES = [1, 0.75, 0.55, 0.4, 0.25, 0.1] as const;

function quoted(text: string, max: number): string {
  return fitMrkdwn(text.trim(), max, (escaped) =>
    escaped
      .split("\n")
      .map((line) => `>${line}`)
      .join("\n"),
  );
}

function briefSection(label: string, value: string | null, max: number): SectionBlock {
  const heading = `*${label}*\n`;
  const body = value === null ? "" : fitMrkdwn(value.trim(), max - heading.length);
  return section(`${heading}${body || "_None given._"}`);
}

function noteEntry(note: DealNote, max: number, ctx: HandoffBriefContext): string {
  const day = dayOf(note.at, ctx.timeZone);
  const when = day === undefined ? "" : ` · ${dateText(day, ctx.today)}`;
  const heading = `${userMention(note.authorId)}${when}\n`;
  return `${heading}${quoted(note.body, Math.max(1, max - heading.length)) || ">—"}`;
}

/**
 * Notes, newest first, packed into sections of at most Slack's 3,000 characters while the
 * blocks stay within `budget` characters of JSON; returns the blocks and how many notes fit.
 */
function noteBlocks(
  notes: readonly DealNote[],
  noteMax: number,
  budget: number,
  ctx: HandoffBriefContext,
): { blocks: SectionBlock[]; shown: number } {
  const blocks: SectionBlock[] = [];
  const heading = "*Notes from sales*";
  let current = heading;
  let used = 0;
  let shown = 0;
  const flush = () => {
    blocks.push(section(current));
    used += jsonLength(blocks.at(-1)) + 1;
    current = "";
  };
  for (const note of notes) {
    const entry = noteEntry(note, noteMax, ctx);
    const joined = current === "" ? entry : `${current}${current === heading ? "\n" : "\n\n"}${entry}`;
    if (joined.length <= L.sectionText) {
      if (used + jsonLength(section(joined)) + 1 > budget) break;
      current = joined;
    } else {
      if (blocks.length + 2 > NOTE_BLOCKS_MAX) break;
      if (used + jsonLength(section(current)) + jsonLength(section(entry)) + 2 > budget) break;
      flush();
      current = entry;
    }
    shown++;
  }
  if (current !== "") flush();
  return { blocks, shown };
}

function briefBlocks(project: Project, ctx: HandoffBriefContext, scale: number, notes: readonly DealNote[]) {
  const cap = (max: number) => Math.max(200, Math.floor(max * scale));
  const intro: string[] = ["*Handoff brief*"];
  if (project.dealNumber !== null) intro.push(`from ${formatDealRef(project.dealNumber)}`);
  if (project.salesOwnerId !== null) intro.push(`sold by ${userMention(project.salesOwnerId)}`);
  const blocks: KnownBlock[] = [
    context(intro.join(" · ")),
    briefSection("Customer goals", project.goals, cap(BRIEF_MAX.goals)),
    briefSection("Commitments made", project.commitments, cap(BRIEF_MAX.commitments)),
    briefSection("Key contacts", project.keyContacts, cap(BRIEF_MAX.keyContacts)),
  ];
  if (notes.length === 0) return { blocks, fits: jsonLength(blocks) <= JSON_BUDGET };
  blocks.push({ type: "divider" });
  const moreReserve = 200;
  const budget = JSON_BUDGET - jsonLength(blocks) - moreReserve;
  const { blocks: noteSections, shown } = noteBlocks(notes, cap(BRIEF_MAX.note), budget, ctx);
  blocks.push(...noteSections);
  const more = notes.length - shown;
  if (more > 0) {
    const where = project.dealNumber === null ? "" : ` on ${formatDealRef(project.dealNumber)}`;
    blocks.push(context(`and ${countText(more, "more note", "more notes")}${where}`));
  }
  return { blocks, fits: (more === 0 || budget >= NOTES_MIN_BUDGET) && jsonLength(blocks) <= JSON_BUDGET };
}

/** Goals, commitments, key contacts and the deal's notes (newest first), always one message. */
export function handoffBrief(project: Project, ctx: HandoffBriefContext): MessageView {
  const notes = [...ctx.dealNotes].sort((a, b) => b.at.getTime() - a.at.getTime());
  const text = fitMrkdwn(`Handoff brief for ${projectRef(project)} · ${oneLine(project.name)}`, MAX.fallback);
  let built = briefBlocks(project, ctx, SCALES[0], notes);
  for (const scale of SCALES.slice(1)) {
    if (built.fits) break;
    built = briefBlocks(project, ctx, scale, notes);
  }
  return { text, blocks: built.blocks };
}

// ---------------------------------------------------------------------------------------------
// The tasks in the thread.

/** A short line before a phase's tasks: "*Setup* · 1/4 done". */
export function phaseHeader(phase: string, tasks: readonly Task[]): MessageView {
  const name = fitMrkdwn(oneLine(phase), MAX.phase) || "Tasks";
  const done = tasks.filter((t) => t.done).length;
  const line = `*${name}* · ${done}/${tasks.length} done`;
  return { text: line, blocks: [section(line)] };
}

export interface TaskMessageContext {
  readonly today: CalendarDate;
  readonly project: Pick<Project, "number" | "deliveryLeadId" | "status">;
  /** The workspace's IANA zone, to name the day a task was done (UTC without it). */
  readonly timeZone?: string;
}

/** `task.actions:<taskId>`: see TaskBlock in ids.ts. */
export function taskActionsBlockId(task: Pick<Task, "id">): string {
  return `${TaskBlock.Actions}:${task.id}`;
}

/** The task a control belongs to, from its actions block_id. */
export function readTaskActionsBlockId(blockId: string): string | undefined {
  const prefix = `${TaskBlock.Actions}:`;
  if (!blockId.startsWith(prefix)) return undefined;
  const id = blockId.slice(prefix.length);
  return id === "" ? undefined : id;
}

/** "Assign…" while nobody has the task (a lead handing out work ahead), "Reassign…" after. */
function reassignSelect(task: Pick<Task, "assigneeId">): UsersSelect {
  return {
    type: "users_select",
    action_id: TaskAction.Reassign,
    placeholder: { type: "plain_text", text: task.assigneeId === null ? "Assign…" : "Reassign…" },
  } satisfies UsersSelect;
}

/**
 * Ready: Claim. Claimed: Mark done, Unclaim, Reassign. Waiting: it can't be claimed or done
 * yet, but a lead can assign it ahead (checkReassign) and its assignee can hand it back.
 * Done, or a project no longer active: none.
 */
function taskControls(task: Task, state: TaskState, ctx: TaskMessageContext): ActionsBlock | undefined {
  if (ctx.project.status !== "active") return undefined;
  const elements: ActionsBlock["elements"] = [];
  switch (state) {
    case "ready":
      elements.push(button("Claim", TaskAction.Claim, task.id, "primary"));
      break;
    case "claimed":
      elements.push(button("Mark done", TaskAction.Done, task.id, "primary"));
      elements.push(button("Unclaim", TaskAction.Unclaim, task.id));
      elements.push(reassignSelect(task));
      break;
    case "waiting":
      if (task.assigneeId !== null) elements.push(button("Unclaim", TaskAction.Unclaim, task.id));
      elements.push(reassignSelect(task));
      break;
    default:
      break;
  }
  if (elements.length === 0) return undefined;
  return { type: "actions", block_id: taskActionsBlockId(task), elements } satisfies ActionsBlock;
}

function taskContext(task: Task, ctx: TaskMessageContext): string {
  const parts = [formatProjectRef(ctx.project.number)];
  const phase = fitMrkdwn(oneLine(task.phase), MAX.phase);
  if (phase) parts.push(phase);
  const role = task.ownerRole === null ? "" : fitMrkdwn(oneLine(task.ownerRole), MAX.role);
  if (role) parts.push(`role: ${role}`);
  if (ctx.project.status === "cancelled") parts.push("project cancelled");
  return parts.join(" · ");
}

function fallbackState(task: Task, state: TaskState): string {
  switch (state) {
    case "done":
      return "done";
    case "waiting":
      return "waiting on earlier tasks";
    case "claimed":
      return task.assigneeId === null ? "claimed" : `claimed by ${userMention(task.assigneeId)}`;
    default:
      return "ready to claim";
  }
}

/** One task in the project thread: reference, title, state, and the controls its state allows. */
export function taskMessage(task: Task, ctx: TaskMessageContext): MessageView {
  const state = taskState(task);
  const title = state === "done" ? `~${taskTitle(task)}~` : taskTitle(task);
  const line = stateLine(task, state, ctx.today, ctx.timeZone);
  const blocks: KnownBlock[] = [
    section(`*${taskRef(task)}* ${title}\n${line}`),
    context(taskContext(task, ctx)),
  ];
  const controls = taskControls(task, state, ctx);
  if (controls) blocks.push(controls);
  return {
    text: `${taskRef(task)} ${taskTitle(task, MAX.shortTitle)} — ${fallbackState(task, state)}`,
    blocks,
  };
}

// ---------------------------------------------------------------------------------------------
// `/tasks` and `/project` lists.

/** Items listed in one message; Slack stops at 50 blocks anyway. */
export const MAX_LISTED_ITEMS = 40;

/** Room kept for the closing "and N more" line when filling a message with rows. */
const FOOTER_RESERVE = 300;

/**
 * Appends rows while the message stays within `max` rows and Slack's size limit; returns how
 * many were added.
 */
function appendRows<T>(blocks: KnownBlock[], items: readonly T[], row: (item: T) => KnownBlock): number {
  let size = jsonLength(blocks);
  const budget = MESSAGE_BLOCKS_MAX_JSON_CHARS - FOOTER_RESERVE;
  let added = 0;
  for (const item of items.slice(0, MAX_LISTED_ITEMS)) {
    const block = row(item);
    const rowSize = jsonLength(block) + 1;
    if (size + rowSize > budget) break;
    blocks.push(block);
    size += rowSize;
    added++;
  }
  return added;
}

function listStart(title: string, fallbackTitle: string): KnownBlock[] {
  return [
    { type: "header", text: { type: "plain_text", text: plainText(title, L.headerText, fallbackTitle) } },
  ];
}

function emptyList(blocks: KnownBlock[], emptyText: string, fallback: string): MessageView {
  const empty = truncateText(emptyText.trim(), L.sectionText) || fallback;
  blocks.push(section(empty));
  return { text: empty, blocks };
}

export type ListedTask = Task & { readonly projectNumber: number; readonly projectName: string };

export interface TaskListContext {
  /** "Your open tasks", "Open tasks nobody has claimed", "Overdue tasks". */
  readonly title: string;
  readonly today: CalendarDate;
  /** App-written mrkdwn shown when the list is empty. */
  readonly emptyText: string;
  /** The button on each row: Mark done (`/tasks`), Claim (`/tasks open`) or none. */
  readonly action: "done" | "claim" | "none";
  /** App-written mrkdwn above the rows: what the click that redrew the list did. */
  readonly notice?: string;
}

/** "*T-41* Provision access — P-3 Acme onboarding · due Fri 5 Dec (overdue)". */
export function taskListLine(task: ListedTask, ctx: Pick<TaskListContext, "today" | "action">): string {
  const project = `${formatProjectRef(task.projectNumber)} ${fitMrkdwn(oneLine(task.projectName), MAX.shortTitle) || "—"}`;
  const parts = [project];
  if (task.dueDate !== null) {
    const due = `due ${dateText(task.dueDate, ctx.today)}`;
    parts.push(isOverdue(task, ctx.today) ? `${due} (overdue)` : due);
  }
  if (ctx.action === "none") {
    parts.push(task.assigneeId === null ? "unclaimed" : userMention(task.assigneeId));
  }
  const waiting = waitingOn(task);
  if (waiting.length > 0) parts.push(`waiting on ${waitingRefs(waiting)}`);
  return `*${taskRef(task)}* ${taskTitle(task, MAX.shortTitle)} — ${parts.join(" · ")}`;
}

/** "T-39, T-40 and 2 more": the references alone, for a list row. */
function waitingRefs(refs: readonly TaskDependencyRef[]): string {
  const shown = refs.slice(0, DEPENDENCIES_SHOWN).map(taskRef);
  const more = refs.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** Whether a list may offer Mark done or Claim on the task: not while it waits on others. */
export function taskCanStart(task: Task): boolean {
  return taskState(task) !== "waiting";
}

function taskRow(task: ListedTask, ctx: TaskListContext): SectionBlock {
  const row = section(taskListLine(task, ctx));
  if (!taskCanStart(task)) return row;
  if (ctx.action === "done") row.accessory = button("Mark done", TaskAction.Done, task.id);
  if (ctx.action === "claim") row.accessory = button("Claim", TaskAction.Claim, task.id);
  return row;
}

/** `/tasks`, `/tasks open`, `/tasks overdue`: tasks in the order given, each with its button. */
export function taskListMessage(tasks: readonly ListedTask[], ctx: TaskListContext): MessageView {
  const blocks = listStart(ctx.title, "Tasks");
  if (ctx.notice) blocks.push(section(truncateText(ctx.notice, L.sectionText)));
  if (tasks.length === 0) return emptyList(blocks, ctx.emptyText, "No tasks here.");
  const shown = appendRows(blocks, tasks, (task) => taskRow(task, ctx));
  const hidden = tasks.length - shown;
  if (hidden > 0) blocks.push(context(`and ${hidden} more`));
  return {
    text: fitMrkdwn(`${oneLine(ctx.title)}: ${countText(tasks.length, "task", "tasks")}`, MAX.fallback),
    blocks,
  };
}

export interface ProjectListContext {
  readonly today: CalendarDate;
  /** "Active projects". */
  readonly title: string;
  /** App-written mrkdwn shown when there is no project. */
  readonly emptyText: string;
}

/** "*P-3* Acme onboarding — 5/17 ▰▰▱▱▱▱▱▱▱▱ · 🟢 On track · lead @ben". */
function projectListLine(project: Project, today: CalendarDate): string {
  const lead =
    project.deliveryLeadId === null ? "no lead yet" : `lead ${userMention(project.deliveryLeadId)}`;
  const parts = [progressText(project.tasks), statusText(project, today), lead];
  return `*${projectRef(project)}* ${projectName(project, MAX.shortTitle + 20)} — ${parts.join(" · ")}`;
}

/** `/project` and `/project list`: projects in the order given, each with Open. */
export function projectListMessage(projects: readonly Project[], ctx: ProjectListContext): MessageView {
  const blocks = listStart(ctx.title, "Projects");
  if (projects.length === 0) return emptyList(blocks, ctx.emptyText, "No projects yet.");
  const shown = appendRows(blocks, projects, (project) => ({
    ...section(projectListLine(project, ctx.today)),
    accessory: button("Open", ProjectAction.Open, project.id),
  }));
  const hidden = projects.length - shown;
  if (hidden > 0) blocks.push(context(`and ${hidden} more — name one with \`/project P-3\``));
  return {
    text: fitMrkdwn(
      `${oneLine(ctx.title)}: ${countText(projects.length, "project", "projects")}`,
      MAX.fallback,
    ),
    blocks,
  };
}

// ---------------------------------------------------------------------------------------------
// Private answers to task controls (send with privateNotice) and the completion DM.

/** "T-41 is already claimed by <@U2>." */
export function alreadyClaimedText(task: Pick<Task, "number">, byUserId: string): string {
  return `${taskRef(task)} is already claimed by ${userMention(byUserId)}.`;
}

/** "Claimed T-41 Provision access — it is yours now; `/tasks` lists your tasks." */
export function claimedText(task: Pick<Task, "number" | "title">): string {
  return `:white_check_mark: Claimed ${taskRef(task)} ${taskTitle(task, MAX.shortTitle)} — it is yours now; \`/tasks\` lists your tasks.`;
}

/** "Marked T-41 Provision access done." */
export function markedDoneText(task: Pick<Task, "number" | "title">): string {
  return `:white_check_mark: Marked ${taskRef(task)} ${taskTitle(task, MAX.shortTitle)} done.`;
}

/** "T-41 is already done." */
export function alreadyDoneText(task: Pick<Task, "number">): string {
  return `${taskRef(task)} is already done.`;
}

/** "T-41 is still waiting on T-39 Integrations and data import — finish that first." */
export function waitingText(task: Pick<Task, "number">, on: readonly TaskDependencyRef[]): string {
  if (on.length === 0) return `${taskRef(task)} is still waiting on earlier tasks.`;
  const those = on.length === 1 ? "that" : "those";
  return `${taskRef(task)} is still waiting on ${dependencyList(on)} — finish ${those} first.`;
}

const VERBS = {
  complete: "complete",
  unclaim: "unclaim",
  reassign: "reassign",
  change: "complete, unclaim or reassign",
} as const;

/** "Only <@U1>, the delivery lead <@U2>, managers and admins can complete T-41." */
export function notAllowedText(
  task: Pick<Task, "number" | "assigneeId">,
  project: Pick<Project, "deliveryLeadId">,
  action: keyof typeof VERBS = "change",
): string {
  const who: string[] = [];
  if (task.assigneeId !== null) who.push(userMention(task.assigneeId));
  if (project.deliveryLeadId !== null) who.push(`the delivery lead ${userMention(project.deliveryLeadId)}`);
  who.push("managers and admins");
  return `Only ${who.join(", ")} can ${VERBS[action]} ${taskRef(task)}.`;
}

/** The DM to the deal owner when the last task is done. */
export function projectCompletedDm(project: Project): MessageView {
  const name = projectName(project);
  const line = `✅ *${projectRef(project)} ${name}* is complete — every task is done.`;
  const details: string[] = [];
  if (project.accountName) details.push(fitMrkdwn(oneLine(project.accountName), MAX.customer));
  if (project.dealNumber !== null) details.push(`from ${formatDealRef(project.dealNumber)}`);
  details.push(countText(project.tasks.length, "task", "tasks"));
  return {
    text: `✅ ${projectRef(project)} ${name} is complete — every task is done.`,
    blocks: [section(line), context(details.filter((d) => d !== "").join(" · "))],
  };
}

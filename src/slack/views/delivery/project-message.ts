import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock, SectionBlock } from "@slack/types";
import { formatDealRef } from "../../../domain/command-text.ts";
import type { CalendarDate } from "../../../domain/dates.ts";
import type { Project, Task } from "../../../domain/delivery.ts";
import { projectProgress, taskState } from "../../../domain/delivery-rules.ts";
import { context, field, header, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { countText, fitMrkdwn, oneLine, userMention } from "../text.ts";
import {
  compareNextUp,
  dateText,
  dayOf,
  MAX,
  progressText,
  projectRef,
  projectTitle,
  stateLine,
  statusText,
  taskRef,
  taskTitle,
} from "./delivery-text.ts";

/** The project's parent message in the delivery channel, and its card for `/project P-3`. */
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
  const blocks: KnownBlock[] = [header(projectTitle(project)), projectFields(project, ctx.today)];
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

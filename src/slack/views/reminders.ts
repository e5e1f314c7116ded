import type { KnownBlock } from "@slack/types";
import { formatDealRef, formatTaskRef } from "../../domain/command-text.ts";
import { type CalendarDate, formatDate } from "../../domain/dates.ts";
import { type Deal, daysSince } from "../../domain/deal.ts";
import { section } from "./blocks.ts";
import { type ListedTask, taskListMessage } from "./delivery/task-list.ts";
import type { MessageView } from "./messages.ts";
import { fitMrkdwn, oneLine } from "./text.ts";

/** The morning DM: my tasks overdue or due today, each with Mark done. */
export function tasksDueDm(tasks: readonly ListedTask[], today: CalendarDate): MessageView {
  const list = taskListMessage(tasks, {
    title: "Good morning — due today or overdue",
    today,
    emptyText: "Nothing is due today.",
    action: "done",
  });
  return {
    ...list,
    text: `You have ${tasks.length} task${tasks.length === 1 ? "" : "s"} due today or overdue.`,
  };
}

/** In a project thread: ready tasks due within two days that nobody has claimed. */
export function unclaimedNudge(tasks: readonly ListedTask[]): MessageView {
  const lines = tasks
    .slice(0, 20)
    .map(
      (t) =>
        `• *${formatTaskRef(t.number)}* ${fitMrkdwn(oneLine(t.title), 150)}${t.dueDate ? ` — due ${formatDate(t.dueDate)}` : ""}`,
    );
  const more = tasks.length > lines.length ? `\n…and ${tasks.length - lines.length} more` : "";
  const text = `:wave: Due within two days and nobody has claimed ${tasks.length === 1 ? "it" : "them"} yet:\n${lines.join("\n")}${more}\nClaim them on their messages above, or with \`/tasks open\`.`;
  return {
    text: `${tasks.length} task(s) due soon need someone`,
    blocks: [section(text)],
  };
}

/** To a deal's owner: it has been quiet longer than its stage allows. */
export function staleDealDm(deal: Deal, now: Date): MessageView {
  const quiet = daysSince(deal.lastActivityAt, now);
  const text = `:hourglass: *${formatDealRef(deal.number)} ${fitMrkdwn(oneLine(deal.name), 150)}* has been quiet for ${quiet} days in *${fitMrkdwn(deal.stage.name, 75)}* (stale after ${deal.stage.staleAfterDays}). Log the next step with \`/deal note ${formatDealRef(deal.number)} …\`, move it, or mark it lost.`;
  const blocks: KnownBlock[] = [section(text)];
  return { text: `${formatDealRef(deal.number)} has gone quiet`, blocks };
}

import type { CalendarDate } from "../../../domain/dates.ts";
import type { Project } from "../../../domain/delivery.ts";
import { ProjectAction } from "../../ids.ts";
import { button, context, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { countText, fitMrkdwn, oneLine, userMention } from "../text.ts";
import { MAX, progressText, projectName, projectRef, statusText } from "./delivery-text.ts";
import { appendRows, emptyList, listStart } from "./list-rows.ts";

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

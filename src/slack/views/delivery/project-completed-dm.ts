import { formatDealRef } from "../../../domain/command-text.ts";
import type { Project } from "../../../domain/delivery.ts";
import { context, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { countText, fitMrkdwn, oneLine } from "../text.ts";
import { MAX, projectName, projectRef } from "./delivery-text.ts";

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

import type { ActionsBlock, ContextBlock, HomeView, KnownBlock } from "@slack/types";
import type { CalendarDate } from "../../domain/dates.ts";
import type { Deal } from "../../domain/deal.ts";
import { HomeAction } from "../ids.ts";
import { button, context, divider, header, section } from "./blocks.ts";
import { dealLine } from "./deal-list.ts";
import { type ListedTask, taskCanStart, taskListLine } from "./delivery/task-list.ts";

/** What one person's Home shows: the service's HomeModel has this shape. */
export interface HomeContent {
  readonly userId: string;
  /** Most urgent first. */
  readonly deals: readonly Deal[];
  readonly dealTotal: number;
  readonly tasks: readonly ListedTask[];
  readonly taskTotal: number;
  readonly now: Date;
  readonly today: CalendarDate;
}

/**
 * Deals and tasks listed on the Home, each: with the header, quick actions and footers the
 * Home stays near 40 blocks, well under Slack's 100, whatever a person has on their plate.
 */
export const HOME_LISTED = 15;

function more(hidden: number, command: string): ContextBlock {
  return context(`and ${hidden} more — \`${command}\``);
}

/**
 * What a Home button opened in place (the pipeline, the open tasks) and what the last click
 * there did: the Home has no response_url, so its answers are drawn on the Home itself, on
 * every redraw until closed.
 */
export interface HomePanel {
  /** App-written mrkdwn: what the click did. */
  readonly notice?: string;
  readonly blocks?: readonly KnownBlock[];
}

/** Slack's limit on a Home view's blocks. */
const HOME_BLOCKS_MAX = 100;

/** The quick actions: New deal opens the form; Pipeline and Open tasks show on the Home. */
export function homeQuickActions(): ActionsBlock {
  return {
    type: "actions",
    elements: [
      button("New deal", HomeAction.NewDeal, undefined, "primary"),
      button("Pipeline", HomeAction.Pipeline),
      button("Open tasks", HomeAction.OpenTasks),
    ],
  } satisfies ActionsBlock;
}

/** A person's App Home: my open deals (most urgent first), my tasks, quick actions. */
export function homeView(model: HomeContent, panel: HomePanel = {}): HomeView {
  const top: KnownBlock[] = [
    header("Handoff"),
    section(`Hi <@${model.userId}> — here is what is on your plate.`),
    homeQuickActions(),
  ];
  const blocks: KnownBlock[] = [divider(), header("Your open deals")];

  if (model.deals.length === 0) {
    blocks.push(section("You have no open deals. Start one with *New deal* above or `/deal new`."));
  } else {
    const when = { now: model.now, today: model.today };
    for (const deal of model.deals.slice(0, HOME_LISTED)) {
      blocks.push(section(dealLine(deal, when), button("Open", HomeAction.OpenDeal, deal.id)));
    }
    const hidden = model.dealTotal - Math.min(model.deals.length, HOME_LISTED);
    if (hidden > 0) blocks.push(more(hidden, "/deal list"));
  }

  blocks.push(divider(), header("Your open tasks"));
  if (model.tasks.length === 0) {
    blocks.push(section("You have no open tasks. *Open tasks* above shows the ones nobody has claimed yet."));
  } else {
    for (const task of model.tasks.slice(0, HOME_LISTED)) {
      blocks.push(
        section(
          taskListLine(task, { today: model.today, action: "done" }),
          taskCanStart(task) ? button("Mark done", HomeAction.TaskDone, task.id) : undefined,
        ),
      );
    }
    const hidden = model.taskTotal - Math.min(model.tasks.length, HOME_LISTED);
    if (hidden > 0) blocks.push(more(hidden, "/tasks"));
  }

  blocks.push(
    divider(),
    context("`/deal help` for deals · `/tasks` for your work · `/handoff help` for everything else"),
  );
  return { type: "home", blocks: [...top, ...panelBlocks(panel, top.length + blocks.length), ...blocks] };
}

/** The panel under the quick actions, cut to what fits beside the rest of the Home, and Close. */
function panelBlocks(panel: HomePanel, used: number): KnownBlock[] {
  const shown: KnownBlock[] = [];
  if (panel.notice) shown.push(section(panel.notice));
  if (panel.blocks && panel.blocks.length > 0) shown.push(divider(), ...panel.blocks);
  if (shown.length === 0) return [];
  const close: ActionsBlock = { type: "actions", elements: [button("Close", HomeAction.ClosePanel)] };
  const room = HOME_BLOCKS_MAX - used - 1;
  if (shown.length <= room) return [...shown, close];
  return [...shown.slice(0, Math.max(0, room - 1)), context("and more than fits here"), close];
}

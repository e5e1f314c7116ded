import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import { formatProjectRef, stripControlCharacters, tokenize } from "../../../domain/command-text.ts";
import { isValidCalendarDate, todayIn } from "../../../domain/dates.ts";
import { defaultKickoffDate } from "../../../domain/delivery-rules.ts";
import { deliveryActorOf, handoffContext } from "../../context.ts";
import { HandoffField } from "../../ids.ts";
import { respondPrivately, tellPrivately } from "../../reply.ts";
import { readDealModalMetadata } from "../../views/deal-modals.ts";
import { projectListMessage } from "../../views/delivery/project-list.ts";
import { projectCardMessage } from "../../views/delivery/project-message.ts";
import { taskListMessage } from "../../views/delivery/task-list.ts";
import { newProjectModal, readHandoffForm } from "../../views/handoff-modal.ts";
import type { MessageView } from "../../views/messages.ts";
import { privateNotice } from "../../views/messages.ts";
import type { ViewStateValues } from "../../views/modal-kit.ts";
import type { DealListenerDeps } from "../deals/deal-command.ts";
import { formErrorsFrom } from "../deals/deal-form.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/project [list] | <P-n or name> | new` (PRODUCT §5). */
export function projectCommand(deps: DealListenerDeps) {
  return async ({ command, ack, respond, client, context }: CommandArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    const text = stripControlCharacters(command.text).trim();
    const today = todayIn(actor.settings.timeZone, deps.clock.now());
    const reply = (message: MessageView) => ack({ response_type: "ephemeral", ...message });
    const verb = tokenize(text)[0]?.toLowerCase();
    if (!verb || verb === "list") {
      const projects = await deps.services.delivery.activeProjects(actor.teamId);
      return reply(
        projectListMessage(projects, {
          today,
          title: "Active projects",
          emptyText:
            "No active projects. Winning a deal opens one; `/project new` starts one without a deal.",
        }),
      );
    }
    if (verb === "new") {
      await ack();
      const templates = await deps.services.delivery.templates(actor.teamId);
      await client.views.open({
        trigger_id: command.trigger_id,
        view: newProjectModal({
          templates,
          defaultTemplateId: (templates.find((t) => t.isDefault) ?? templates[0]!).id,
          kickoff: defaultKickoffDate(today),
          channelId: command.channel_id,
        }),
      });
      return;
    }
    if (verb === "help") {
      return reply(
        privateNotice(
          "`/project` lists active projects · `/project P-3` (or part of its name) shows one · `/project new` starts one without a deal.",
        ),
      );
    }
    const project = await deps.services.delivery.resolveProject(actor.teamId, text);
    // The thread's link needs Slack: acknowledge first, so a slow Slack cannot miss the 3 s.
    await ack();
    let permalink: string | undefined;
    if (project.thread) {
      try {
        permalink = (
          await client.chat.getPermalink({ channel: project.thread.channelId, message_ts: project.thread.ts })
        ).permalink;
      } catch {
        // The card is still useful without its link.
      }
    }
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      ...projectCardMessage(project, { today, ...(permalink ? { permalink } : {}) }),
    });
  };
}

export function newProjectSubmitted(deps: DealListenerDeps) {
  return async (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { view, context, client } = args;
    const actor = deliveryActorOf(context);
    const form = readHandoffForm(view.state.values as ViewStateValues);
    if (!form.kickoffDate || !isValidCalendarDate(form.kickoffDate)) {
      await args.ack({
        response_action: "errors",
        errors: { [HandoffField.Kickoff]: "Pick the kickoff date." },
      });
      return;
    }
    try {
      const project = await deps.services.delivery.createProject(
        actor,
        {
          name: form.name ?? "",
          customer: form.customer ?? null,
          kickoffDate: form.kickoffDate,
          templateId: form.templateId ?? "",
          deliveryLeadId: form.deliveryLeadId ?? null,
          goals: form.goals ?? null,
        },
        `view:${view.id}`,
      );
      await args.ack();
      await tellPrivately(
        client,
        { userId: actor.userId, channelId: readDealModalMetadata(view.private_metadata).channelId },
        privateNotice(
          `Opened ${formatProjectRef(project.number)} ${project.name} with ${project.tasks.length} tasks.`,
        ),
      );
    } catch (error) {
      const errors = formErrorsFrom(error, {
        name: HandoffField.Name,
        customer: HandoffField.Customer,
        template: HandoffField.Template,
        kickoff: HandoffField.Kickoff,
        goals: HandoffField.Goals,
        lead: HandoffField.Lead,
      });
      if (!errors) throw error;
      await args.ack({ response_action: "errors", errors });
    }
  };
}

/** The lists `/tasks` shows, each with the button its rows offer. */
export type TaskListKind = "mine" | "open" | "overdue";

/**
 * `/tasks`, `/tasks open` or `/tasks overdue` as it stands now; `notice` (app-written mrkdwn)
 * heads it when the list is redrawn after a click on it.
 */
export async function taskListFor(
  deps: DealListenerDeps,
  who: { teamId: string; userId: string },
  kind: TaskListKind,
  today: string,
  notice?: string,
): Promise<MessageView> {
  const extra = notice ? { notice } : {};
  switch (kind) {
    case "mine": {
      const { tasks } = await deps.services.delivery.listTasks(who.teamId, {
        kind: "assigned",
        userId: who.userId,
      });
      return taskListMessage(tasks, {
        title: "Your open tasks",
        today,
        emptyText: "You have no open tasks. `/tasks open` shows tasks nobody has claimed yet.",
        action: "done",
        ...extra,
      });
    }
    case "open": {
      const { tasks } = await deps.services.delivery.listTasks(who.teamId, { kind: "open_unclaimed" });
      return taskListMessage(tasks, {
        title: "Open tasks nobody has claimed",
        today,
        emptyText: "Every ready task has someone. :raised_hands:",
        action: "claim",
        ...extra,
      });
    }
    case "overdue": {
      const { tasks } = await deps.services.delivery.listTasks(who.teamId, { kind: "overdue", today });
      return taskListMessage(tasks, {
        title: "Overdue tasks",
        today,
        emptyText: "Nothing is overdue.",
        action: "none",
        ...extra,
      });
    }
  }
}

/** `/tasks` (mine), `/tasks open` (ready, unclaimed), `/tasks overdue`. */
export function tasksCommand(deps: DealListenerDeps) {
  return async ({ command, ack, context }: CommandArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    const today = todayIn(actor.settings.timeZone, deps.clock.now());
    const which = tokenize(stripControlCharacters(command.text))[0]?.toLowerCase() ?? "mine";
    const reply = (message: MessageView) => ack({ response_type: "ephemeral", ...message });
    switch (which) {
      case "mine":
      case "my":
        return reply(await taskListFor(deps, actor, "mine", today));
      case "open":
      case "overdue":
        return reply(await taskListFor(deps, actor, which, today));
      default:
        return reply(
          privateNotice(
            "`/tasks` shows your open tasks · `/tasks open` the ones nobody has claimed · `/tasks overdue` what is late.",
          ),
        );
    }
  };
}

/** Open on a project list: the project's card, privately. */
export function projectOpenClicked(deps: DealListenerDeps) {
  return async ({
    ack,
    action,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const { actor } = handoffContext(context);
    const project = await deps.services.delivery.project(actor.teamId, action.value ?? "");
    await respondPrivately(
      respond,
      projectCardMessage(project, { today: todayIn(actor.settings.timeZone, deps.clock.now()) }),
    );
  };
}

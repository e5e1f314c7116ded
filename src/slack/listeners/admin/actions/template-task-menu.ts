import type { BlockAction, OverflowAction } from "@slack/bolt";
import { findTask } from "../../../../domain/template-edits.ts";
import { isAppError } from "../../../../lib/app-error.ts";
import { handoffContext } from "../../../context.ts";
import { templateFieldTexts } from "../../../error-messages.ts";
import { readPayload, STALE_BUTTON, ZTemplateSpot } from "../../../payloads.ts";
import { templateOverviewModal, templateTaskModal } from "../../../views/template-editor.ts";
import type { ActionArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/**
 * A task's menu in the overview: Edit opens its small form on top; Remove removes it at once and
 * redraws the overview saying so, or why not (a later task waits on it).
 */
export function templateTaskMenu(
  deps: TemplateListenerDeps,
): Handler<ActionArgs<BlockAction<OverflowAction>>> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const spot = readPayload(ZTemplateSpot, action.selected_option.value, STALE_BUTTON);
    const template = await deps.services.templates.get(actor, spot.t);
    const at = findTask(template.definition, spot.k ?? "");
    const task = at && template.definition.phases[at.phase]!.tasks[at.task];
    if (spot.op === "edit" && task) {
      await client.views.push({ trigger_id: body.trigger_id, view: templateTaskModal(template, { task }) });
      return;
    }
    let view = templateOverviewModal(template, `There is no task \`${spot.k}\` any more.`);
    if (task) {
      try {
        const edit = { kind: "remove_task", key: task.key } as const;
        const saved = await deps.services.templates.editDefinition(actor, template.id, spot.v, edit);
        view = templateOverviewModal(
          saved,
          `:white_check_mark: Removed \`${task.key}\` — now version ${saved.version}.`,
        );
      } catch (error) {
        if (!isAppError(error)) throw error;
        const why = templateFieldTexts(error);
        view = templateOverviewModal(
          template,
          `:warning: \`${task.key}\` can't be removed:\n${why.definition ?? Object.values(why).join("\n")}`,
        );
      }
    }
    if (body.view) await client.views.update({ view_id: body.view.id, view });
  };
}

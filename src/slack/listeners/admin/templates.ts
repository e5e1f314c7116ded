import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import { truncateText } from "../../../domain/command-text.ts";
import { AppErrorCode, isAppError } from "../../../lib/app-error.ts";
import type { TemplateField as ServiceField, TemplateService } from "../../../services/template-service.ts";
import { handoffContext } from "../../context.ts";
import { templateFieldTexts } from "../../error-messages.ts";
import { TemplateField } from "../../ids.ts";
import { tellPrivately } from "../../reply.ts";
import {
  readTemplateForm,
  readTemplateModalMetadata,
  TEMPLATE_ERROR_MAX_LENGTH,
  type TemplateFormValues,
  templateListMessage,
  templateModal,
} from "../../views/templates.ts";

/** Structurally a part of the listeners' deps: `{ services }` with a TemplateService in it. */
export interface TemplateListenerDeps {
  readonly services: { readonly templates: TemplateService };
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const FIELD_BLOCKS: Record<ServiceField, TemplateField> = {
  name: TemplateField.Name,
  key: TemplateField.Key,
  definition: TemplateField.Definition,
  default: TemplateField.Default,
};

/** `/handoff templates`: the list, privately, for admins; anyone else hears who can. */
export function templatesCommand(deps: TemplateListenerDeps) {
  return async ({ ack, context }: CommandArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    await deps.services.templates.assertCanManage(actor);
    const templates = await deps.services.templates.list(actor.teamId);
    await ack({ response_type: "ephemeral", ...templateListMessage(templates) });
  };
}

/** Edit on the list: the template's modal, prefilled. */
export function templateEditClicked(deps: TemplateListenerDeps) {
  return async ({ ack, action, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { actor } = handoffContext(context);
    const template = await deps.services.templates.get(actor, action.value ?? "");
    await client.views.open({
      trigger_id: body.trigger_id,
      view: templateModal(template, { channelId: body.channel?.id }),
    });
  };
}

/** New template on the list: an empty modal with a starter definition. */
export function templateNewClicked(deps: TemplateListenerDeps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { actor } = handoffContext(context);
    await deps.services.templates.assertCanManage(actor);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: templateModal(undefined, { channelId: body.channel?.id }),
    });
  };
}

/**
 * Saves the modal. Refusals about fields go next to them and keep the modal open with what was
 * typed; a save closes it and answers with the updated list.
 */
export function templateSubmitted(deps: TemplateListenerDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { view, client, context } = args;
    const { actor } = handoffContext(context);
    const form = readTemplateForm(view.state.values as TemplateFormValues);
    const meta = readTemplateModalMetadata(view.private_metadata);
    let saved: Awaited<ReturnType<TemplateService["save"]>>;
    try {
      saved = await deps.services.templates.save(actor, {
        ...(meta.templateId !== undefined ? { id: meta.templateId } : { key: form.key ?? "" }),
        name: form.name ?? "",
        ...(form.definitionText !== undefined ? { definitionText: form.definitionText } : {}),
        isDefault: form.isDefault,
        ...(meta.version !== undefined ? { expectedVersion: meta.version } : {}),
      });
    } catch (error) {
      const errors = fieldErrors(error, blockIdsOf(view));
      if (!errors) throw error;
      await args.ack({ response_action: "errors", errors });
      return;
    }
    await args.ack();
    const templates = await deps.services.templates.list(actor.teamId);
    await tellPrivately(
      client,
      { userId: actor.userId, channelId: meta.channelId },
      templateListMessage(templates, { saved: { template: saved, created: meta.templateId === undefined } }),
    );
  };
}

function blockIdsOf(view: ViewSubmitAction["view"]): Set<string> {
  return new Set(view.blocks.flatMap((block) => (block.block_id ? [block.block_id] : [])));
}

/**
 * A refusal about fields as Slack's `errors`: each next to its field, or next to Name when the
 * form has no such input (an edit has no Key; a definition too long for Slack has no box).
 */
function fieldErrors(error: unknown, present: ReadonlySet<string>): Record<string, string> | undefined {
  if (!isAppError(error)) return undefined;
  if (error.code !== AppErrorCode.InvalidInput && error.code !== AppErrorCode.Conflict) return undefined;
  const fields = templateFieldTexts(error);
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields) as Array<[ServiceField, string]>) {
    const wanted = FIELD_BLOCKS[field] ?? TemplateField.Name;
    const block = present.has(wanted) ? wanted : TemplateField.Name;
    const text = errors[block] ? `${errors[block]}\n${message}` : message;
    errors[block] = truncateText(text, TEMPLATE_ERROR_MAX_LENGTH);
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

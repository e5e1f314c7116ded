import type { TemplateService } from "../../../../services/template-service.ts";
import { handoffContext } from "../../../context.ts";
import { readPrivateMetadata, readViewState, ZTemplateModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readTemplateForm, templateListMessage } from "../../../views/templates.ts";
import type { Handler, SubmitArgs, TemplateListenerDeps } from "../../deps.ts";
import { blockIdsOf, fieldErrors } from "./template-field-errors.ts";

/**
 * Saves the template modal. Refusals about fields go next to them and keep the modal open with
 * what was typed; a save closes it and answers with the updated list.
 */
export function templateSubmitted(deps: TemplateListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, client, context } = args;
    const { actor } = handoffContext(context);
    const form = readTemplateForm(readViewState(view));
    const meta = readPrivateMetadata(ZTemplateModalMetadata, view.private_metadata);
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
      return args.ack({ response_action: "errors", errors });
    }
    await args.ack();
    const templates = await deps.services.templates.list(actor.teamId);
    const created = meta.templateId === undefined;
    await tellPrivately(
      client,
      { userId: actor.userId, channelId: meta.channelId },
      templateListMessage(templates, { saved: { template: saved, created } }),
    );
  };
}

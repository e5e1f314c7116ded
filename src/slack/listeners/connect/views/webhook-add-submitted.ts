import { isAppError } from "../../../../lib/app-error.ts";
import { handoffContext } from "../../../context.ts";
import { appErrorText } from "../../../error-messages.ts";
import { WebhookField } from "../../../ids.ts";
import { readPrivateMetadata, readViewState, ZWebhookModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readWebhookForm, webhookAddedNotice, webhookListMessage } from "../../../views/webhooks.ts";
import type { Handler, SubmitArgs, WebhookListenerDeps } from "../../deps.ts";

const FIELD_BLOCKS: Record<string, string> = { url: WebhookField.Url, events: WebhookField.Events };

/**
 * Adds the endpoint from the form. A refused URL or no event is said next to its field and
 * the form stays open with what was typed; once added, the secret is shown this one time.
 */
export function webhookAddSubmitted(deps: WebhookListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, client, context } = args;
    const { actor } = handoffContext(context);
    const form = readWebhookForm(readViewState(view));
    const meta = readPrivateMetadata(ZWebhookModalMetadata, view.private_metadata);
    let added: Awaited<ReturnType<WebhookListenerDeps["services"]["webhooks"]["add"]>>;
    try {
      added = await deps.services.webhooks.add(actor, form);
    } catch (error) {
      const block = isAppError(error) ? FIELD_BLOCKS[String(error.details.field)] : undefined;
      if (!block || !isAppError(error)) throw error;
      return args.ack({ response_action: "errors", errors: { [block]: appErrorText(error) } });
    }
    await args.ack();
    const endpoints = await deps.services.webhooks.list(actor);
    await tellPrivately(
      client,
      { userId: actor.userId, channelId: meta.channelId },
      webhookListMessage(endpoints, webhookAddedNotice(added.endpoint, added.secret)),
    );
  };
}

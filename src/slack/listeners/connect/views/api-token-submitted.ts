import { isAppError } from "../../../../lib/app-error.ts";
import { handoffContext } from "../../../context.ts";
import { appErrorText } from "../../../error-messages.ts";
import { ApiTokenField } from "../../../ids.ts";
import { readViewState } from "../../../payloads.ts";
import { apiTokenCreatedModal, readApiTokenForm } from "../../../views/api-tokens.ts";
import type { ApiTokenListenerDeps, Handler, SubmitArgs } from "../../deps.ts";

/**
 * Create token: the secret is shown once, in the modal itself (not in a message, which would
 * keep it in Slack's history); a bad name is refused next to the field.
 */
export function apiTokenSubmitted(deps: ApiTokenListenerDeps): Handler<SubmitArgs> {
  return async ({ ack, view, context }) => {
    const { actor } = handoffContext(context);
    const form = readApiTokenForm(readViewState(view));
    try {
      const { token, secret } = await deps.services.apiAccess.create(actor, form);
      await ack({ response_action: "update", view: apiTokenCreatedModal(token, secret) });
    } catch (error) {
      if (!isAppError(error) || !error.is("api.token_name_invalid")) throw error;
      await ack({ response_action: "errors", errors: { [ApiTokenField.Name]: appErrorText(error) } });
    }
  };
}

import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { handoffContext } from "../../../context.ts";
import { apiTokenListMessage } from "../../../views/api-tokens.ts";
import type { ApiTokenListenerDeps, CommandArgs, Handler } from "../../deps.ts";

/**
 * `/handoff api`: the REST API's tokens, privately, for admins; anyone else hears who can.
 * `/handoff api leads …` is the lead sources' command (`/handoff leads …`), where the API's
 * other way in is looked for.
 */
export function apiTokensCommand(
  deps: ApiTokenListenerDeps,
  leadSources: Handler<CommandArgs>,
): Handler<CommandArgs> {
  return async (args) => {
    const afterApi = parseSubcommand(args.command.text, {}).after(0);
    if (parseSubcommand(afterApi, { leads: "leads" }).verb === "leads")
      return leadSources({ ...args, command: { ...args.command, text: afterApi } });
    const { actor } = handoffContext(args.context);
    const tokens = await deps.services.apiAccess.list(actor);
    await args.ack({ response_type: "ephemeral", ...apiTokenListMessage(tokens) });
  };
}

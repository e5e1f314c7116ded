import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { handoffContext } from "../../../context.ts";
import { SlackRefusal } from "../../../error-messages.ts";
import { leadSourceAddedMessage, leadSourcesMessage } from "../../../views/leads.ts";
import type { AdminListenerDeps, CommandArgs, Handler } from "../../deps.ts";

const VERBS = { list: "list", add: "add" } as const;

/**
 * `/handoff leads [list]` lists the lead sources with Revoke; `/handoff leads add <name>` makes
 * one and shows its secret this once (admins). `rest` is the text after `leads`.
 */
export function leadsCommand(deps: AdminListenerDeps): Handler<CommandArgs> {
  return async (args) => {
    const { actor } = handoffContext(args.context);
    const typed = parseSubcommand(args.command.text, {}).after(0);
    const sub = parseSubcommand(typed, VERBS);
    if (sub.word !== undefined && sub.verb === undefined)
      throw new SlackRefusal(
        "Try `/handoff leads` to list the lead sources, or `/handoff leads add <name>`.",
      );
    if (sub.verb === "add") {
      const name = sub.after(0);
      if (!name) throw new SlackRefusal("Name the source: `/handoff leads add Website contact form`.");
      const added = await deps.services.leads.addSource(actor, name);
      return args.ack({ response_type: "ephemeral", ...leadSourceAddedMessage(added) });
    }
    const sources = await deps.services.leads.listSources(actor);
    await args.ack({ response_type: "ephemeral", ...leadSourcesMessage(sources) });
  };
}

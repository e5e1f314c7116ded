import { parseDealCommand } from "../../../../domain/deal-command.ts";
import { dealHelpView, dealUsageText } from "../../../views/help.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";
import { dealEdit } from "./deal-edit.ts";
import { dealExport } from "./deal-export.ts";
import { dealFind } from "./deal-find.ts";
import { dealHistory } from "./deal-history.ts";
import { dealList } from "./deal-list.ts";
import { dealLost } from "./deal-lost.ts";
import { dealMove } from "./deal-move.ts";
import { dealNew } from "./deal-new.ts";
import { dealNote } from "./deal-note.ts";
import { dealShow } from "./deal-show.ts";
import type { DealSubcommand } from "./deal-subcommand.ts";
import { dealWon } from "./deal-won.ts";

/** `/deal …`: one parse, one sub-command handler, one private answer. */
export function dealCommand(deps: ListenerDeps): Handler<CommandArgs> {
  const handlers = {
    new: dealNew(deps),
    list: dealList(deps),
    find: dealFind(deps),
    show: dealShow(deps),
    edit: dealEdit(deps),
    won: dealWon(deps),
    lost: dealLost(deps),
    note: dealNote(deps),
    move: dealMove(deps),
    history: dealHistory(deps),
    export: dealExport(deps),
  } as const;
  return async (args) => {
    const parsed = parseDealCommand(args.command.text);
    switch (parsed.kind) {
      case "help":
        return args.ack({ response_type: "ephemeral", ...dealHelpView() });
      case "usage":
        return args.ack({ response_type: "ephemeral", ...privateNotice(dealUsageText(parsed)) });
      default:
        return (handlers[parsed.kind] as ReturnType<DealSubcommand<typeof parsed.kind>>)(args, parsed);
    }
  };
}

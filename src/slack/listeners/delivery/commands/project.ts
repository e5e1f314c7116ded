import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";
import { projectList } from "./project-list.ts";
import { projectNew } from "./project-new.ts";
import { projectShow } from "./project-show.ts";

const VERBS = { list: "list", new: "new", help: "help" } as const;

/** `/project [list] | <P-n or name> | new | help`. */
export function projectCommand(deps: ListenerDeps): Handler<CommandArgs> {
  const list = projectList(deps);
  const create = projectNew(deps);
  const show = projectShow(deps);
  return async (args) => {
    const { verb, word, text } = parseSubcommand(args.command.text, VERBS);
    if (word === undefined || verb === "list") return list(args);
    if (verb === "new") return create(args);
    if (verb === "help")
      return args.ack({
        response_type: "ephemeral",
        ...privateNotice(
          "`/project` lists active projects · `/project P-3` (or part of its name) shows one · `/project new` starts one without a deal.",
        ),
      });
    return show(args, text);
  };
}

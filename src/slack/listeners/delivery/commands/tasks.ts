import { todayIn } from "../../../../domain/dates.ts";
import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { handoffContext } from "../../../context.ts";
import { taskListFor } from "../../../task-lists.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";

const LISTS = { mine: "mine", my: "mine", open: "open", overdue: "overdue" } as const;

/** `/tasks` (mine), `/tasks open` (ready, unclaimed), `/tasks overdue`. */
export function tasksCommand(deps: ListenerDeps): Handler<CommandArgs> {
  return async ({ command, ack, context }) => {
    const { actor } = handoffContext(context);
    const today = todayIn(actor.settings.timeZone, deps.clock.now());
    const { verb, word } = parseSubcommand(command.text, LISTS);
    const list = word === undefined ? "mine" : verb;
    const message = list
      ? await taskListFor(deps, actor, list, today)
      : privateNotice(
          "`/tasks` shows your open tasks · `/tasks open` the ones nobody has claimed · `/tasks overdue` what is late.",
        );
    await ack({ response_type: "ephemeral", ...message });
  };
}

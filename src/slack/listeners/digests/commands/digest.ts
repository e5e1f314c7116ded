import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { SlackRefusal } from "../../../error-messages.ts";
import { codeInput } from "../../../mrkdwn.ts";
import { DIGEST_HELP, digestHelpMessage } from "../../../views/digest.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";
import { digestList } from "./digest-list.ts";
import { digestNow } from "./digest-now.ts";
import { digestSubscribe } from "./digest-subscribe.ts";
import { digestUnsubscribe } from "./digest-unsubscribe.ts";

const VERBS = {
  help: "help",
  now: "now",
  subscribe: "subscribe",
  list: "list",
  unsubscribe: "unsubscribe",
  cancel: "unsubscribe",
} as const;

/**
 * `/digest now [weekly|daily]` · `subscribe [weekly|daily] [day] [HH:MM] [zone]` · `list` ·
 * `unsubscribe <id>`. Every answer is private; bad input raises SlackRefusal, which the
 * answer-failures middleware turns into a private, specific message.
 */
export function digestCommand(deps: Pick<ListenerDeps, "services" | "channels">): Handler<CommandArgs> {
  const handlers = {
    now: digestNow(deps),
    subscribe: digestSubscribe(deps),
    list: digestList(deps),
    unsubscribe: digestUnsubscribe(deps),
  } as const;
  return async (args) => {
    const { verb, word, tokens, args: rest } = parseSubcommand(args.command.text, VERBS);
    if (word === undefined || verb === "help")
      return args.ack({ response_type: "ephemeral", ...digestHelpMessage() });
    if (verb) return handlers[verb](args, rest);
    throw new SlackRefusal(`I don't know ${codeInput(`/digest ${tokens[0]}`)}. Try:\n${DIGEST_HELP}`);
  };
}

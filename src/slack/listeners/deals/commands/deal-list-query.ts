import type { WebClient } from "@slack/web-api";
import type { ListFilter } from "../../../../domain/deal-command.ts";
import { matchStage } from "../../../../domain/stages.ts";
import { stageMatchText } from "../../../error-messages.ts";
import type { SlackServices } from "../../../services.ts";
import { type MessageView, privateNotice } from "../../../views/messages.ts";
import type { ListenerDeps } from "../../deps.ts";
import { PROFILE_WAIT_MS } from "./deal-subcommand.ts";

type Query = Parameters<SlackServices["deals"]["list"]>[1];
type Labels = { title: string; emptyText: string };
type ListQuery = { kind: "query"; query: Query; labels: Labels } | { kind: "refused"; message: MessageView };

/** What `/deal list …` asks the service for, and how its answer is titled. */
export async function listQueryFor(
  deps: ListenerDeps,
  client: WebClient,
  who: { teamId: string; userId: string },
  filter: ListFilter,
): Promise<ListQuery> {
  const found = (query: Query, title: string, emptyText: string): ListQuery => ({
    kind: "query",
    query,
    labels: { title, emptyText },
  });
  switch (filter.kind) {
    case "mine":
      return found({ ownerId: who.userId, openOnly: true }, "Your open deals", NO_DEALS_OF_YOURS);
    case "all":
      return found({ openOnly: true }, "All open deals", NO_DEALS);
    case "user": {
      // A header is plain text, where a mention would show as a raw id: the person's name.
      const name = await deps.timeZones.nameOf(client, filter.userId, PROFILE_WAIT_MS);
      return found(
        { ownerId: filter.userId, openOnly: true },
        name ? `Open deals of ${name}` : "Open deals",
        `<@${filter.userId}> has no open deals.`,
      );
    }
    case "stage": {
      const match = matchStage(await deps.services.deals.stages(who.teamId), filter.stage);
      if (!match.ok)
        return {
          kind: "refused",
          message: privateNotice(
            `${stageMatchText(match.problem)} Or use \`/deal list mine\`, \`all\` or \`@someone\`.`,
          ),
        };
      const { id, name } = match.stage;
      return found({ stageIds: [id], openOnly: false }, `Deals in ${name}`, `No deals are in ${name}.`);
    }
  }
}

const NO_DEALS_OF_YOURS = "You have no open deals. Start one with `/deal new <name>`.";
const NO_DEALS = "There are no open deals yet. Start one with `/deal new <name>`.";

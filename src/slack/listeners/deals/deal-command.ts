import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { formatDealRef } from "../../../domain/command-text.ts";
import { todayIn } from "../../../domain/dates.ts";
import { canChangeDeal, type Deal } from "../../../domain/deal.ts";
import { type DealCommand, parseDealCommand } from "../../../domain/deal-command.ts";
import { readDealPrefill } from "../../../domain/deal-prefill.ts";
import { matchStage } from "../../../domain/stages.ts";
import { AppError, AppErrorCode } from "../../../lib/app-error.ts";
import type { Clock } from "../../../lib/clock.ts";
import type { ActorContext } from "../../../services/deal-service.ts";
import { dealActorOf, handoffContext } from "../../context.ts";
import type { SlackServices } from "../../services.ts";
import type { UserTimeZones } from "../../user-time-zones.ts";
import { dealCardMessage } from "../../views/deal-card.ts";
import { ambiguousDealMessage, dealListMessage } from "../../views/deal-list.ts";
import { editDealModal, lostDealModal, newDealModal } from "../../views/deal-modals.ts";
import { dealHelpView } from "../../views/help.ts";
import type { MessageView } from "../../views/messages.ts";
import { privateNotice } from "../../views/messages.ts";
import { openHandoffForm } from "../delivery/handoff.ts";

export const DEFAULT_CURRENCY = "USD";
/** How long an answer waits for a person's Slack profile (time zone) before using the workspace's. */
const PROFILE_WAIT_MS = 1_000;

export interface DealListenerDeps {
  services: SlackServices;
  timeZones: UserTimeZones;
  clock: Clock;
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/deal …` (PRODUCT §4): one parse, one service call, one private answer. */
export function dealCommand(deps: DealListenerDeps) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack, respond, client, context } = args;
    const { actor } = handoffContext(context);
    const parsed = parseDealCommand(command.text);
    const who = dealActorOf(context);
    const reply = (message: MessageView) => ack({ response_type: "ephemeral", ...message });
    // Answers that need Slack (a person's time zone) or a longer read: acknowledge first, so a
    // slow Slack cannot make the app miss the 3 s deadline, then answer through response_url.
    const replyLater = async (message: Promise<MessageView>) => {
      await ack();
      await respond({ response_type: "ephemeral", replace_original: false, ...(await message) });
    };

    switch (parsed.kind) {
      case "help":
        return reply(dealHelpView());
      case "usage":
        return reply(
          privateNotice(
            `${parsed.problem} Usage: ${parsed.usage.replaceAll("<", "&lt;").replaceAll(">", "&gt;")}`,
          ),
        );
      case "new": {
        await ack();
        // The trigger_id lives ~3 s: a slow profile lookup falls back to the workspace's zone.
        const [zone, stages] = await Promise.all([
          deps.timeZones.of(client, actor.userId, actor.settings.timeZone, PROFILE_WAIT_MS),
          deps.services.deals.stages(actor.teamId),
        ]);
        const prefill = readDealPrefill(parsed.text, {
          defaultCurrency: DEFAULT_CURRENCY,
          today: todayIn(zone, deps.clock.now()),
        });
        await client.views.open({
          trigger_id: command.trigger_id,
          view: newDealModal(
            { ...prefill, ownerId: prefill.ownerId ?? actor.userId },
            { stages, channelId: command.channel_id, echo: prefill.echo, unreadable: prefill.unreadable },
          ),
        });
        return;
      }
      case "list":
        return replyLater(listDeals(deps, who, parsed.filter, actor.settings.timeZone, client));
      case "find":
        return replyLater(findDeals(deps, who, parsed.text, actor.settings.timeZone, client));
      default:
        return handleDealSubcommand(deps, args, who, parsed);
    }
  };
}

/** The sub-commands that name one deal. */
async function handleDealSubcommand(
  deps: DealListenerDeps,
  { command, ack, respond, client, context }: CommandArgs,
  who: ActorContext,
  parsed: Extract<DealCommand, { query: string }>,
): Promise<void> {
  const { actor } = handoffContext(context);
  // Changes acknowledge at once and answer through response_url: under load a change may wait
  // on another's row lock, and Slack gives up on an answer after 3 seconds.
  let acked = false;
  const ackOnce = async () => {
    if (acked) return;
    acked = true;
    await ack();
  };
  const reply = async (message: MessageView) => {
    if (acked) await respond({ response_type: "ephemeral", replace_original: false, ...message });
    else await ack({ response_type: "ephemeral", ...message });
  };
  if (parsed.kind === "move" || parsed.kind === "note" || (parsed.kind === "lost" && parsed.reason))
    await ackOnce();
  let deal: Deal;
  try {
    deal = await deps.services.deals.resolve(actor.teamId, parsed.query, actor.userId);
  } catch (error) {
    if (error instanceof AppError && error.code === AppErrorCode.Ambiguous) {
      return reply(ambiguousDealMessage(String(error.details.query), error.details.candidates as Deal[]));
    }
    throw error;
  }
  const openModal = async (view: Parameters<WebClient["views"]["open"]>[0]["view"]) => {
    await ackOnce();
    await client.views.open({ trigger_id: command.trigger_id, view });
  };
  switch (parsed.kind) {
    case "show":
      return reply(await cardFor(deps, deal, who, actor.settings.timeZone));
    case "edit":
      await deps.services.deals.getChangeable(who, deal.id);
      return openModal(
        editDealModal(deal, {
          stages: await deps.services.deals.stages(actor.teamId),
          channelId: command.channel_id,
        }),
      );
    case "won":
      await deps.services.deals.getChangeable(who, deal.id);
      await ackOnce();
      return openHandoffForm(deps, {
        client,
        triggerId: command.trigger_id,
        deal,
        channelId: command.channel_id,
        teamId: who.teamId,
        timeZone: actor.settings.timeZone,
      });
    case "lost":
      await deps.services.deals.getChangeable(who, deal.id);
      if (!parsed.reason) return openModal(lostDealModal(deal, { channelId: command.channel_id }));
      {
        const result = await deps.services.deals.markLost(who, deal.id, parsed.reason);
        return reply(
          privateNotice(
            result.changed
              ? `Marked ${formatDealRef(deal.number)} lost.`
              : `${formatDealRef(deal.number)} was already lost.`,
          ),
        );
      }
    case "note": {
      const updated = await deps.services.deals.addNote(
        who,
        deal.id,
        parsed.text,
        `command:${command.trigger_id}`,
      );
      return reply(privateNotice(`Added a note to ${formatDealRef(updated.number)} · ${updated.name}.`));
    }
    case "move": {
      // The service matches the stage's name and says privately when none or several fit.
      const outcome = await deps.services.deals.move(
        who,
        deal.id,
        parsed.stage,
        `command:${command.trigger_id}`,
      );
      switch (outcome.kind) {
        case "moved":
          return reply(
            privateNotice(
              `Moved ${formatDealRef(deal.number)} · ${deal.name} from *${outcome.from.name}* to *${outcome.deal.stage.name}*.`,
            ),
          );
        case "unchanged":
          return reply(privateNotice(`${formatDealRef(deal.number)} is already in *${deal.stage.name}*.`));
        case "needs_reason":
          return openModal(lostDealModal(deal, { channelId: command.channel_id }));
        case "needs_handoff":
          await ackOnce();
          return openHandoffForm(deps, {
            client,
            triggerId: command.trigger_id,
            deal,
            channelId: command.channel_id,
            teamId: who.teamId,
            timeZone: actor.settings.timeZone,
          });
      }
    }
  }
}

export async function cardFor(
  deps: DealListenerDeps,
  deal: Deal,
  who: ActorContext,
  timeZone: string,
): Promise<MessageView> {
  const stages = await deps.services.deals.stages(who.teamId);
  const now = deps.clock.now();
  return dealCardMessage(deal, {
    stages,
    now,
    today: todayIn(timeZone, now),
    canChange: canChangeDeal(who, deal),
    timeZone,
  });
}

async function findDeals(
  deps: DealListenerDeps,
  who: ActorContext,
  text: string,
  workspaceZone: string,
  client: WebClient,
): Promise<MessageView> {
  const deals = await deps.services.deals.find(who.teamId, text);
  const now = deps.clock.now();
  const today = todayIn(await deps.timeZones.of(client, who.userId, workspaceZone, PROFILE_WAIT_MS), now);
  return dealListMessage(deals.slice(0, 40), {
    title: `Deals matching “${text}”`,
    total: deals.length,
    now,
    today,
    emptyText: `No deal, company or contact matches that. Try a shorter word, or \`/deal list all\`.`,
  });
}

async function listDeals(
  deps: DealListenerDeps,
  who: ActorContext,
  filter: Extract<DealCommand, { kind: "list" }>["filter"],
  workspaceZone: string,
  client: WebClient,
): Promise<MessageView> {
  const now = deps.clock.now();
  const today = todayIn(await deps.timeZones.of(client, who.userId, workspaceZone, PROFILE_WAIT_MS), now);
  let title: string;
  let emptyText: string;
  let query: Parameters<SlackServices["deals"]["list"]>[1];
  switch (filter.kind) {
    case "mine":
      title = "Your open deals";
      emptyText = "You have no open deals. Start one with `/deal new <name>`.";
      query = { ownerId: who.userId, openOnly: true };
      break;
    case "all":
      title = "All open deals";
      emptyText = "There are no open deals yet. Start one with `/deal new <name>`.";
      query = { openOnly: true };
      break;
    case "user": {
      // A header is plain text, where a mention would show as a raw id: the person's name.
      const name = await deps.timeZones.nameOf(client, filter.userId, PROFILE_WAIT_MS);
      title = name ? `Open deals of ${name}` : "Open deals";
      emptyText = `<@${filter.userId}> has no open deals.`;
      query = { ownerId: filter.userId, openOnly: true };
      break;
    }
    case "stage": {
      const match = matchStage(await deps.services.deals.stages(who.teamId), filter.stage);
      if (!match.ok)
        return privateNotice(`${match.error} Or use \`/deal list mine\`, \`all\` or \`@someone\`.`);
      title = `Deals in ${match.stage.name}`;
      emptyText = `No deals are in ${match.stage.name}.`;
      query = { stageIds: [match.stage.id], openOnly: false };
      break;
    }
  }
  const { deals, total } = await deps.services.deals.list(who.teamId, query, today);
  return dealListMessage(deals.slice(0, 40), { title, total, now, today, emptyText });
}

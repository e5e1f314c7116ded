import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from "@slack/bolt";
import { codeInput, stripControlCharacters, tokenize } from "../../../domain/command-text.ts";
import type { Clock } from "../../../lib/clock.ts";
import type { DigestSubscription } from "../../../services/digest-ports.ts";
import { type ChannelAccess, channelAccess, isDirectMessage } from "../../channel-access.ts";
import { handoffContext } from "../../context.ts";
import { SlackRefusal } from "../../error-messages.ts";
import type { SlackServices } from "../../services.ts";
import {
  DIGEST_HELP,
  dailyDigestMessage,
  digestHelpMessage,
  type ListedSubscription,
  subscribedMessage,
  subscriptionListMessage,
  unsubscribedMessage,
  weeklyDigestMessage,
  weeklyDigestPreview,
} from "../../views/digest.ts";
import type { MessageView } from "../../views/messages.ts";

interface Deps {
  services: SlackServices;
  clock: Clock;
}

function listed(subscription: DigestSubscription, next: Date): ListedSubscription {
  return {
    number: subscription.number,
    channelId: subscription.channelId,
    schedule: subscription.schedule,
    next,
    isDefault: subscription.isDefault,
    personal: isDirectMessage(subscription.channelId),
  };
}

/** Why a digest can't be subscribed where the command was typed, and what to do instead. */
const CANNOT_POST: Record<Exclude<ChannelAccess, "ok">, string> = {
  direct_message:
    "Handoff can't post in a direct message between people, so a digest here would never arrive. Run `/digest subscribe` in a channel, or in your DM with Handoff.",
  private:
    "Handoff can't post in this conversation: it is private and Handoff isn't in it, so a digest here would never arrive. Add Handoff to the channel (`/invite @Handoff`) and subscribe again.",
  archived: "This channel is archived, so a digest here would never arrive. Subscribe in another channel.",
  unchecked:
    "Slack didn't tell Handoff in time whether it can post here, so nothing was subscribed. Please try again in a moment.",
};

/**
 * `/digest now [weekly|daily]` · `subscribe [weekly|daily] [day] [HH:MM] [zone]` · `list` ·
 * `unsubscribe <id>` (PRODUCT §6). Every answer is private; bad input raises AppError, which
 * the answer-failures middleware turns into a private, specific message.
 */
export function digestCommand({ services }: Deps) {
  return async ({
    command,
    ack,
    client,
    context,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    const reply = (message: MessageView) => ack({ response_type: "ephemeral", ...message });
    const [verb, ...rest] = tokenize(stripControlCharacters(command.text));
    switch (verb?.toLowerCase()) {
      case undefined:
      case "help":
        return reply(digestHelpMessage());
      case "now": {
        const kind = (rest[0] ?? "weekly").toLowerCase();
        if (rest.length > 1 || (kind !== "weekly" && kind !== "daily"))
          throw new SlackRefusal("`/digest now` takes `weekly` (the default) or `daily`.");
        if (kind === "daily") {
          const digest = await services.digests.dailyFor(actor.teamId, actor.userId, actor.settings.timeZone);
          return reply(dailyDigestMessage(digest, { footer: "Only you can see this." }));
        }
        const digest = await services.digests.weekly(actor.teamId, { timeZone: actor.settings.timeZone });
        return reply(weeklyDigestPreview(digest));
      }
      case "subscribe": {
        const access = await channelAccess(client, context.botToken, command.channel_id, actor.userId);
        if (access !== "ok") throw new SlackRefusal(CANNOT_POST[access]);
        const subscription = await services.digests.subscribe(actor, {
          channelId: command.channel_id,
          tokens: rest,
          defaultTimeZone: actor.settings.timeZone,
        });
        const [next] = (await services.digests.list(actor.teamId)).filter(
          (s) => s.subscription.id === subscription.id,
        );
        return reply(
          subscribedMessage(
            listed(subscription, next?.next ?? subscription.createdAt),
            subscription.replaced,
          ),
        );
      }
      case "list":
        return reply(
          subscriptionListMessage(
            (await services.digests.list(actor.teamId)).map((s) => listed(s.subscription, s.next)),
          ),
        );
      case "unsubscribe":
      case "cancel": {
        if (rest.length !== 1)
          throw new SlackRefusal(
            "Say which subscription to stop: `/digest unsubscribe S-3` (`/digest list` shows them).",
          );
        return reply(unsubscribedMessage(await services.digests.unsubscribe(actor, rest[0]!)));
      }
      default:
        throw new SlackRefusal(`I don't know ${codeInput(`/digest ${verb}`)}. Try:\n${DIGEST_HELP}`);
    }
  };
}

/** Share in channel: the weekly digest, freshly computed, for everyone in the channel. */
export function digestShared({ services }: Deps) {
  return async ({
    ack,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { actor } = handoffContext(context);
    const digest = await services.digests.weeklyToShare(actor, { timeZone: actor.settings.timeZone });
    await respond({
      response_type: "in_channel",
      replace_original: false,
      ...weeklyDigestMessage(digest, { footer: `Shared by <@${actor.userId}>` }),
    });
  };
}

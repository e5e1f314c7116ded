import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from "@slack/bolt";
import { stripControlCharacters, tokenize } from "../../../domain/command-text.ts";
import { AppError, AppErrorCode } from "../../../lib/app-error.ts";
import type { Clock } from "../../../lib/clock.ts";
import type { DigestSubscription } from "../../../services/digest-ports.ts";
import { isDirectMessage } from "../../../services/digest-service.ts";
import { handoffContext } from "../../context.ts";
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

/**
 * `/digest now [weekly|daily]` · `subscribe [weekly|daily] [day] [HH:MM] [zone]` · `list` ·
 * `unsubscribe <id>` (PRODUCT §6). Every answer is private; bad input raises AppError, which
 * the answer-failures middleware turns into a private, specific message.
 */
export function digestCommand({ services }: Deps) {
  return async ({ command, ack, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
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
          throw new AppError(
            AppErrorCode.InvalidInput,
            "`/digest now` takes `weekly` (the default) or `daily`.",
          );
        if (kind === "daily") {
          const digest = await services.digests.dailyFor(actor.teamId, actor.userId, actor.settings.timeZone);
          return reply(dailyDigestMessage(digest, { footer: "Only you can see this." }));
        }
        const digest = await services.digests.weekly(actor.teamId, { timeZone: actor.settings.timeZone });
        return reply(weeklyDigestPreview(digest));
      }
      case "subscribe": {
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
          throw new AppError(
            AppErrorCode.InvalidInput,
            "Say which subscription to stop: `/digest unsubscribe S-3` (`/digest list` shows them).",
          );
        return reply(unsubscribedMessage(await services.digests.unsubscribe(actor, rest[0]!)));
      }
      default:
        throw new AppError(
          AppErrorCode.InvalidInput,
          `I don't know \`/digest ${verb}\`. Try:\n${DIGEST_HELP}`,
        );
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

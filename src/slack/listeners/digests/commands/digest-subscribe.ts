import { handoffContext } from "../../../context.ts";
import { SlackRefusal } from "../../../error-messages.ts";
import type { ChannelAccess } from "../../../slack-channels.ts";
import { subscribedMessage } from "../../../views/digest.ts";
import type { ListenerDeps } from "../../deps.ts";
import { type DigestSubcommand, listed } from "./listed.ts";

/** `/digest subscribe [weekly|daily] [day] [HH:MM] [zone]`, where the command was typed. */
export function digestSubscribe({
  services,
  channels,
}: Pick<ListenerDeps, "services" | "channels">): DigestSubcommand {
  return async ({ command, ack, context }, rest) => {
    const { actor } = handoffContext(context);
    const access = await channels.accessFor(command.channel_id, actor.userId);
    if (access !== "ok") throw new SlackRefusal(CANNOT_POST[access]);
    const subscription = await services.digests.subscribe(actor, {
      channelId: command.channel_id,
      tokens: [...rest],
      defaultTimeZone: actor.settings.timeZone,
    });
    const [next] = (await services.digests.list(actor.teamId)).filter(
      (s) => s.subscription.id === subscription.id,
    );
    const shown = listed(subscription, next?.next ?? subscription.createdAt);
    await ack({ response_type: "ephemeral", ...subscribedMessage(shown, subscription.replaced) });
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

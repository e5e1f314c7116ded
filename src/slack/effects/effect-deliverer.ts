import type { ChatPostMessageArguments, WebClient } from "@slack/web-api";
import type { Clock } from "../../lib/clock.ts";
import type { QueuedEffect, SlackEffectIntent } from "../../services/slack-effects.ts";
import type { SlackServices } from "../services.ts";
import type { MessageView } from "../views/messages.ts";

export type EffectKind = SlackEffectIntent["kind"];

/** A queued effect whose intent is of one kind. */
export type EffectOf<K extends EffectKind> = QueuedEffect & {
  readonly intent: Extract<SlackEffectIntent, { kind: K }>;
};

/** What a deliverer may use to render and send one effect; posts are bound to that effect. */
export interface EffectSlack {
  readonly client: WebClient;
  readonly services: SlackServices;
  readonly clock: Clock;
  /**
   * Posts the effect's message once, however often it is attempted (see post-once.ts).
   * Public channels take posts without the app joining them (chat:write.public); private
   * ones need the app invited, and until then not_in_channel / channel_not_found reaches admins.
   */
  post(args: ChatPostMessageArguments): Promise<string>;
  /** The same for a rendered message in a channel (or a DM, by user id). */
  postTo(channel: string, message: MessageView): Promise<string>;
  /** The workspace's calendar: "today" and its zone, for due dates and "done on …". */
  calendar(teamId: string): Promise<{ today: string; timeZone: string }>;
}

/**
 * Renders and sends one kind of effect. It throws on failure; the notifier turns the failure
 * into what happens next (slack-errors.ts) and the dispatcher schedules it.
 */
export interface EffectDeliverer<K extends EffectKind> {
  readonly kind: K;
  deliver(effect: EffectOf<K>, slack: EffectSlack): Promise<void>;
}

/** What an effect waits for (its thread's parent) is not there yet: nothing was sent. */
export class NotReady extends Error {}

import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import type { Clock } from "../../lib/clock.ts";
import type { SlackServices } from "../services.ts";
import type { SlackChannelDirectory } from "../slack-channels.ts";
import type { UserTimeZones } from "../user-time-zones.ts";

/** What every listener may use; wired once in app.ts. */
export interface ListenerDeps {
  readonly services: SlackServices;
  readonly timeZones: UserTimeZones;
  readonly clock: Clock;
  /** Whether the app can post in a conversation (asked on the quick client). */
  readonly channels: Pick<SlackChannelDirectory, "accessFor">;
}

/** The administration listeners need only these services. */
export interface AdminListenerDeps {
  readonly services: Pick<SlackServices, "admin" | "digests" | "leads" | "imports">;
}

/** `/handoff templates` and its modal need only the template service. */
export interface TemplateListenerDeps {
  readonly services: Pick<SlackServices, "templates">;
}

/** `/handoff webhooks`, its buttons and its modal need only the webhook service. */
export interface WebhookListenerDeps {
  readonly services: Pick<SlackServices, "webhooks">;
}

/** What Bolt hands each kind of listener. */
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ActionArgs<A extends BlockAction = BlockAction<ButtonAction>> = SlackActionMiddlewareArgs<A> &
  AllMiddlewareArgs;
export type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;
export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type EventArgs<E extends string> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;

/** A handler for one command sub-command, action, view submission or event. */
export type Handler<A> = (args: A) => Promise<void>;

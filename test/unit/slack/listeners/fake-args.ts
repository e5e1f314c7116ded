import { vi } from "vitest";
import type { RequestActor } from "../../../../src/services/workspace-service.ts";
import type { ListenerDeps } from "../../../../src/slack/listeners/deps.ts";

/**
 * Fake Bolt arguments for calling one listener directly, as slack-samples' starter template
 * tests do: every Slack-facing function is a vi.fn to assert on, services are stubs.
 */
export const NOW = new Date("2026-12-02T10:00:00Z");

export const ANA: RequestActor = {
  teamId: "T0TEAM",
  userId: "U0ANA",
  role: "admin",
  settings: { timeZone: "UTC", channels: { sales: "C0SALES", wins: "C0WINS", delivery: "C0DELIVERY" } },
} as RequestActor;

export function fakeClient() {
  return {
    views: { open: vi.fn(async (_args: unknown) => ({ ok: true })) },
    chat: {
      postEphemeral: vi.fn(async (_args: unknown) => ({ ok: true })),
      postMessage: vi.fn(async (_args: unknown) => ({ ok: true })),
      getPermalink: vi.fn(async (_args: unknown) => ({ ok: true, permalink: "https://x/p" })),
    },
  };
}

/** What every kind of listener gets: ack, respond, client and our middleware's context. */
export function fakeArgs(actor: RequestActor = ANA) {
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  return {
    ack: vi.fn(async (_response?: unknown) => {}),
    respond: vi.fn(async (_message: unknown) => {}),
    client: fakeClient(),
    context: { log, actor, botToken: "xoxb-test" },
  };
}

export function fakeCommand(command: string, text: string, actor: RequestActor = ANA) {
  const args = fakeArgs(actor);
  const body = { command, text, trigger_id: "trigger.1", channel_id: "C0SALES", user_id: actor.userId };
  return { ...args, command: body, body };
}

export function fakeButton(actionId: string, value: string | undefined, actor: RequestActor = ANA) {
  const args = fakeArgs(actor);
  const action = {
    type: "button",
    action_id: actionId,
    block_id: "b",
    ...(value === undefined ? {} : { value }),
  };
  const body = {
    type: "block_actions",
    trigger_id: "trigger.2",
    user: { id: actor.userId },
    channel: { id: "C0SALES" },
    container: { type: "message", is_ephemeral: true },
    actions: [action],
  };
  return { ...args, action, body };
}

export function fakeSubmission(
  callbackId: string,
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string,
  actor: RequestActor = ANA,
) {
  const args = fakeArgs(actor);
  const blocks = Object.keys(values).map((block_id) => ({ type: "input", block_id }));
  const view = {
    id: "V0VIEW",
    callback_id: callbackId,
    private_metadata: privateMetadata,
    blocks,
    state: { values },
  };
  return { ...args, view, body: { type: "view_submission", user: { id: actor.userId }, view } };
}

/** Listener deps with only the services a test names; the rest fail loudly if reached. */
export function fakeDeps(services: Record<string, unknown>): ListenerDeps {
  return {
    services: services as unknown as ListenerDeps["services"],
    timeZones: {
      of: vi.fn(async () => "UTC"),
      nameOf: vi.fn(async () => "Ana"),
    } as unknown as ListenerDeps["timeZones"],
    clock: { now: () => NOW } as ListenerDeps["clock"],
    channels: { accessFor: vi.fn(async () => "ok" as const) },
  };
}

/** Calls a handler with fake args: it reads only what the fakes carry. */
export function call<H extends (args: never) => Promise<void>>(handler: H, args: unknown): Promise<void> {
  return handler(args as Parameters<H>[0]);
}

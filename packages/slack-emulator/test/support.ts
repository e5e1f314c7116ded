import type { Button, SectionBlock } from "@slack/types";
import { type Logger, LogLevel, WebClient } from "@slack/web-api";
import { createDemoWorkspace, SlackEmulator, type SlackEmulatorOptions } from "../src/emulator/index.ts";

export const BOT_TOKEN = "xoxb-test-token";

// web-api logs Slack's warnings and errors itself; the tests assert on them instead.
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export function startDemoEmulator(options: Partial<SlackEmulatorOptions> = {}): Promise<SlackEmulator> {
  return SlackEmulator.start({ botToken: BOT_TOKEN, ...createDemoWorkspace(), ...options });
}

/** The real web-api client, pointed at the emulator, without retries so errors surface at once. */
export function clientFor(
  emu: SlackEmulator,
  options: { token?: string; rejectRateLimitedCalls?: boolean } = {},
) {
  return new WebClient(options.token ?? BOT_TOKEN, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
    timeout: 5000,
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
  });
}

/** Runs `fn` and returns the error it throws (fails the test if it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** A section block with mrkdwn text. */
export function section(text: string, extra: Partial<SectionBlock> = {}): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text }, ...extra };
}

export function button(text: string, actionId: string, extra: Partial<Button> = {}): Button {
  return { type: "button", text: { type: "plain_text", text }, action_id: actionId, ...extra };
}

/** The title text of a view, for assertions. */
export function titleOf(view: { title?: unknown } | undefined): string | undefined {
  return (view?.title as { text?: string } | undefined)?.text;
}

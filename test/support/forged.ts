import { currentState, toSlackView } from "@handoff/slack-emulator";
import type { Harness } from "./e2e-harness.ts";

type StateOverrides = Record<string, Record<string, unknown>>;

/**
 * Submits the person's open modal the way a forger would: signed correctly, but skipping every
 * check Slack's client makes (max_length, required fields, date pickers), with the state given
 * here by block_id (each input's action_id is "value"). `values: null` sends `state.values: null`.
 * Answers the app's ack body.
 */
export async function forgeViewSubmission(
  h: Harness,
  userId: string,
  overrides: Record<string, Record<string, unknown>> | null,
): Promise<{
  status: number;
  ack: { response_action?: string; errors?: Record<string, string> } | undefined;
}> {
  const view = h.emulator.openModal(userId);
  if (!view) throw new Error(`${userId} has no modal open`);
  const slackView = toSlackView(view) as Record<string, unknown>;
  const wrapped: StateOverrides | null =
    overrides === null
      ? null
      : Object.fromEntries(Object.entries(overrides).map(([block, state]) => [block, { value: state }]));
  slackView.state = {
    values: wrapped === null ? null : currentState(view.blocks, view.state.values, wrapped as never),
  };
  const team = h.emulator.team;
  const payload = {
    type: "view_submission",
    team: { id: team.id, domain: team.domain },
    user: { id: userId, team_id: team.id },
    api_app_id: h.emulator.bot.appId,
    token: "emulator-verification-token",
    trigger_id: h.emulator.issueTriggerId(userId),
    view: slackView,
    response_urls: [],
    is_enterprise_install: false,
  };
  const response = await h.driver.sendRaw({
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: "application/x-www-form-urlencoded",
  });
  await h.app.settle();
  return { status: response.status, ack: (response.body || undefined) as never };
}

export const text = (value: string) => ({ type: "plain_text_input", value });
export const date = (value: string) => ({ type: "datepicker", selected_date: value });
export const user = (value: string) => ({ type: "users_select", selected_user: value });
export const option = (value: string) => ({ type: "static_select", selected_option: { value } });

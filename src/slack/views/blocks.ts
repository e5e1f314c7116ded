import type {
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  SectionBlock,
} from "@slack/types";

/**
 * The Block Kit building blocks every view uses. They build; they do not cut: a view that
 * must fit a limit fits its text first (text.ts, and the limits table of
 * @handoff/slack-emulator/block-kit-limits, the same one the emulator enforces).
 */

export function section(text: string, accessory?: Button): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text }, ...(accessory ? { accessory } : {}) };
}

export function context(text: string): ContextBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: { type: "plain_text", text } };
}

export function divider(): DividerBlock {
  return { type: "divider" };
}

/** A labelled value for a section's fields: "*Owner*\n@ana". */
export function field(label: string, value: string): MrkdwnElement {
  return { type: "mrkdwn", text: `*${label}*\n${value}` };
}

export function button(text: string, actionId: string, value?: string, style?: "primary" | "danger"): Button {
  return {
    type: "button",
    text: { type: "plain_text", text },
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
  } satisfies Button;
}

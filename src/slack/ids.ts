/**
 * Every slash command, action_id, callback_id and block_id the app uses is spelled here
 * and only here; manifests/ must declare every command and event (test/unit/manifest-code.test.ts).
 */
export const Command = {
  Deal: "/deal",
  Pipeline: "/pipeline",
  Project: "/project",
  Tasks: "/tasks",
  Digest: "/digest",
  Handoff: "/handoff",
} as const;
export type Command = (typeof Command)[keyof typeof Command];

export const EventType = {
  AppHomeOpened: "app_home_opened",
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

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

/** action_ids of the deal card, the deal list and /pipeline. */
export const DealAction = {
  StageSelect: "deal.stage_select",
  Won: "deal.won",
  Lost: "deal.lost",
  AddNote: "deal.add_note",
  Edit: "deal.edit",
  SharePipeline: "pipeline.share",
  ShowDeal: "deal.show",
} as const;
export type DealAction = (typeof DealAction)[keyof typeof DealAction];

/** callback_ids of the deal modals. */
export const DealView = {
  New: "deal.new",
  Edit: "deal.edit",
  Lost: "deal.lost",
  Note: "deal.note",
} as const;
export type DealView = (typeof DealView)[keyof typeof DealView];

/** block_ids of the deal modals' inputs; each input's action_id is `InputActionId`. */
export const DealField = {
  Name: "deal_name",
  Company: "deal_company",
  Amount: "deal_amount",
  Currency: "deal_currency",
  CloseDate: "deal_close_date",
  Owner: "deal_owner",
  Stage: "deal_stage",
  NextStep: "deal_next_step",
  NextStepDate: "deal_next_step_date",
  Source: "deal_source",
  Contacts: "deal_contacts",
  Reason: "deal_reason",
  Note: "deal_note",
} as const;
export type DealField = (typeof DealField)[keyof typeof DealField];

/** The action_id of every modal input: the block_id already says which field it is. */
export const InputActionId = "value";

/**
 * Prefix of the deal card's actions block_id, which carries `<dealId>:<version>`: the stage select
 * has no value of its own to name the deal, and a new block_id per version makes Slack's client
 * show the new stage after an update instead of the user's last pick.
 */
export const DealBlock = {
  Actions: "deal.actions",
} as const;

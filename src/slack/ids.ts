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
  /** message.im in the manifest: a person writes in the app's Messages tab. */
  Message: "message",
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

/** action_ids of the New lead message and `/handoff leads`; a button's value is a record id. */
export const LeadAction = {
  Take: "lead.take",
  RevokeSource: "lead_source.revoke",
} as const;
export type LeadAction = (typeof LeadAction)[keyof typeof LeadAction];

/** action_ids of a task's controls; a button's value is the task id. */
export const TaskAction = {
  Claim: "task.claim",
  Done: "task.done",
  Unclaim: "task.unclaim",
  /** The users_select in a task's actions block: the block_id (TaskBlock) names the task. */
  Reassign: "task.reassign",
} as const;
export type TaskAction = (typeof TaskAction)[keyof typeof TaskAction];

/** action_ids of the project lists; a button's value is the project id. */
export const ProjectAction = {
  Open: "project.open",
} as const;
export type ProjectAction = (typeof ProjectAction)[keyof typeof ProjectAction];

/** callback_ids of the delivery modals. */
/** Digests. */
export const DigestAction = {
  Share: "digest_share",
} as const;

export const DeliveryView = {
  Handoff: "deal.handoff",
  NewProject: "project.new",
} as const;
export type DeliveryView = (typeof DeliveryView)[keyof typeof DeliveryView];

/** block_ids of the handoff and New project modals' inputs; each input's action_id is `InputActionId`. */
export const HandoffField = {
  Kickoff: "handoff_kickoff",
  Goals: "handoff_goals",
  Commitments: "handoff_commitments",
  Contacts: "handoff_contacts",
  Template: "handoff_template",
  Lead: "handoff_lead",
  Customer: "project_customer",
  Name: "project_name",
} as const;
export type HandoffField = (typeof HandoffField)[keyof typeof HandoffField];

/**
 * Prefix of a task message's actions block_id, `task.actions:<taskId>`: the Reassign
 * users_select has no value of its own, so the block names the task.
 */
export const TaskBlock = {
  Actions: "task.actions",
} as const;

/** action_ids of `/handoff templates`: Edit's value is the template id. */
export const TemplateAction = {
  Edit: "template.edit",
  New: "template.new",
  /** The overview, task by task; the value is the template id. */
  Open: "template.open",
  /** In the overview: the values are JSON (ZTemplateSpot). */
  AddTask: "template.add_task",
  AddPhase: "template.add_phase",
  /** A task's overflow: Edit or Remove. */
  TaskMenu: "template.task_menu",
  /** In the overview: the definition as a JSON file, out to the DM or in from one (ZTemplateSpot). */
  ExportJson: "template.export_json",
  ImportJson: "template.import_json",
} as const;
export type TemplateAction = (typeof TemplateAction)[keyof typeof TemplateAction];

/** callback_id of the template modal, for both New template and Edit template. */
export const TemplateView = {
  Edit: "template.edit",
  Overview: "template.overview",
  /** One task's form (added, changed, or the first task of a new phase). */
  Task: "template.task",
  /** The Import JSON modal: one file. */
  Import: "template.import",
} as const;

/** block_id of the Import JSON modal's file input. */
export const TemplateImportField = { File: "template_import_file" } as const;

/** block_ids of the task form's inputs. */
export const TemplateTaskField = {
  Phase: "template_task_phase",
  Key: "template_task_key",
  Title: "template_task_title",
  Role: "template_task_role",
  Due: "template_task_due",
  WaitsOn: "template_task_waits_on",
} as const;
export type TemplateView = (typeof TemplateView)[keyof typeof TemplateView];

/** block_ids of the template modal's inputs; each input's action_id is `InputActionId`. */
export const TemplateField = {
  Name: "template_name",
  Key: "template_key",
  Definition: "template_definition",
  Default: "template_default",
} as const;
export type TemplateField = (typeof TemplateField)[keyof typeof TemplateField];

/** action_ids of `/handoff webhooks`: each endpoint's buttons carry its id. */
export const WebhookAction = {
  Add: "webhook.add",
  Test: "webhook.test",
  Disable: "webhook.disable",
  Enable: "webhook.enable",
  Delete: "webhook.delete",
} as const;
export type WebhookAction = (typeof WebhookAction)[keyof typeof WebhookAction];

/** callback_id of the Add endpoint modal. */
export const WebhookView = {
  Add: "webhook.add",
} as const;
export type WebhookView = (typeof WebhookView)[keyof typeof WebhookView];

/** block_ids of the Add endpoint modal's inputs; each input's action_id is `InputActionId`. */
export const WebhookField = {
  Url: "webhook_url",
  Events: "webhook_events",
} as const;
export type WebhookField = (typeof WebhookField)[keyof typeof WebhookField];

/** action_ids of the App Home's buttons; OpenDeal's and TaskDone's value is the deal or task id. */
export const HomeAction = {
  NewDeal: "home.new_deal",
  Pipeline: "home.pipeline",
  OpenTasks: "home.open_tasks",
  OpenDeal: "home.open_deal",
  TaskDone: "home.task_done",
  /** Closes the panel a quick action opened on the Home, and the last click's notice. */
  ClosePanel: "home.close_panel",
} as const;
export type HomeAction = (typeof HomeAction)[keyof typeof HomeAction];

/** action_ids of `/handoff api`'s list; Revoke's value is the token id. */
export const ApiTokenAction = {
  Create: "api_token.create",
  Revoke: "api_token.revoke",
} as const;
export type ApiTokenAction = (typeof ApiTokenAction)[keyof typeof ApiTokenAction];

/** callback_id of the Create token modal, and block_ids of its inputs. */
export const ApiTokenView = {
  Create: "api_token.create",
} as const;
export type ApiTokenView = (typeof ApiTokenView)[keyof typeof ApiTokenView];
export const ApiTokenField = {
  Name: "api_token_name",
  Access: "api_token_access",
} as const;

/** action_ids of `/handoff` administration messages. */
export const AdminAction = {
  EditStages: "admin.edit_stages",
} as const;
export type AdminAction = (typeof AdminAction)[keyof typeof AdminAction];

/** `/handoff import`: the preview's buttons and its stage selects. */
export const ImportAction = {
  Run: "import.run",
  Cancel: "import.cancel",
  MapStage: "import.map_stage",
} as const;
export type ImportAction = (typeof ImportAction)[keyof typeof ImportAction];

/** The import modal: its callback_id and its inputs' block_ids. */
export const ImportView = { Deals: "import.deals" } as const;
export const ImportField = { File: "import_file", Update: "import_update" } as const;

/** callback_ids of the administration modals. */
export const AdminView = {
  Settings: "admin.settings",
  Stages: "admin.stages",
} as const;
export type AdminView = (typeof AdminView)[keyof typeof AdminView];

/** block_ids of the settings modal's inputs; each input's action_id is `InputActionId`. */
export const AdminField = {
  SalesChannel: "settings_sales_channel",
  WinsChannel: "settings_wins_channel",
  DeliveryChannel: "settings_delivery_channel",
  DigestChannel: "settings_digest_channel",
  TimeZone: "settings_time_zone",
  Admins: "settings_admins",
  Managers: "settings_managers",
  Holidays: "settings_holidays",
  HolidayPreset: "settings_holiday_preset",
  DigestDay: "settings_digest_day",
  DigestTime: "settings_digest_time",
} as const;
export type AdminField = (typeof AdminField)[keyof typeof AdminField];

/**
 * Prefixes of the stages modal's block_ids, `<prefix>:<stageId>`: one input group per stage.
 * Each input's action_id is `InputActionId`.
 */
export const StageField = {
  Name: "stage_name",
  Order: "stage_order",
  Probability: "stage_probability",
  StaleAfterDays: "stage_stale",
} as const;
export type StageField = (typeof StageField)[keyof typeof StageField];

export type { BlockKitProblem, Surface } from "./block-kit-validator.ts";
export {
  createDemoWorkspace,
  DEMO_TEAM,
  DemoChannels,
  DemoPeople,
  type DemoWorkspace,
} from "./demo-workspace.ts";
export { SlackApiError } from "./errors.ts";
export type { Fault, FaultSpec, TokenBucketConfig } from "./faults.ts";
export type { MessageResponseOutcome, MessageResponseTarget } from "./response-url.ts";
export {
  DEFAULT_BOT,
  DEFAULT_TEAM,
  type EmulatorCall,
  SlackEmulator,
  type SlackEmulatorOptions,
  type WaitForOptions,
} from "./slack-emulator.ts";
export { toSlackView } from "./store.ts";
export type * from "./types.ts";

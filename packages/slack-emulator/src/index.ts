// The public API of @handoff/slack-emulator: the emulator (Slack's Web API, Socket Mode and
// response_url, with scopes, rate limits and faults), the driver (a person in Slack, sending
// an app what Slack would send), and the Block Kit limits and checks both sides use.

export {
  BLOCK_KIT_LIMITS,
  type BlockKitLimit,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "./block-kit-limits.ts";
export { locateElements, textOf } from "./driver/elements.ts";
export { stateFromRaw } from "./driver/raw-values.ts";
export { FILE_INPUT_MAX_BYTES, submittedState } from "./driver/submit-values.ts";
export { currentState } from "./driver/view-state.ts";
export * from "./driver.ts";
export {
  formatProblem,
  messageBlocksTooLong,
  validateBlocks,
  validateView,
} from "./emulator/block-kit-validator.ts";
export { BodyTooLargeError, readBody, readBodyBytes, sendJson } from "./emulator/http.ts";
export * from "./emulator/index.ts";
export { EVENT_SCOPES, METHOD_SCOPES, manifestBotScopes } from "./emulator/scopes.ts";
export type { EnvelopeType } from "./emulator/socket-mode.ts";
export { EmulatorStore } from "./emulator/store.ts";
export type { EmulatorLogger } from "./logger.ts";

// Slack's Block Kit limits live with the emulator, which rejects anything beyond them; views
// truncate to the same table, so they read it from there.
export {
  BLOCK_KIT_LIMITS,
  type BlockKitLimit,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "@handoff/slack-emulator/block-kit-limits";

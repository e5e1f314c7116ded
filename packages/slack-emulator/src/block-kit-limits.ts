// Slack's Block Kit limits, by name. The app's views truncate to these and the emulator rejects
// anything beyond them, so both sides read this one table. Lengths count characters; counts
// count items. Kept free of imports so the app can load it without the rest of the emulator.

export const BLOCK_KIT_LIMITS = {
  // Blocks per surface.
  messageBlocks: 50,
  surfaceBlocks: 100,

  // Blocks.
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  inputLabel: 2000,
  inputHint: 2000,
  imageUrl: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  videoTitle: 199,
  markdownText: 12_000,
  /** Any text object without a tighter limit of its own. */
  textObject: 3000,

  // Identifiers.
  actionId: 255,
  blockId: 255,
  callbackId: 255,
  externalId: 255,

  // Elements.
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  placeholder: 150,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  overflowOptions: 5,
  /** Slack's reference has long said an overflow menu holds between 2 and 5 options. */
  overflowMinOptions: 2,
  checkboxOptions: 10,
  radioOptions: 10,
  plainTextInputLength: 3000,

  // Composition objects.
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,

  // Views.
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3000,
} as const;

export type BlockKitLimit = keyof typeof BLOCK_KIT_LIMITS;

/**
 * Slack answers `msg_blocks_too_long` once a message's blocks pass about this many characters of
 * JSON, even when every single block is within its own limits.
 */
export const MESSAGE_BLOCKS_MAX_JSON_CHARS = 13_000;

import type { Args } from "../args.ts";
import type { EmulatorFiles } from "../files.ts";
import type { EmulatorStore } from "../store.ts";

export interface MethodContext {
  store: EmulatorStore;
  files: EmulatorFiles;
  /** Whether the bot token has this scope (every scope, unless the emulator was given a list). */
  hasScope: (scope: string) => boolean;
}

/** Returns the success fields (without `ok`) or throws a SlackApiError. */
export type MethodHandler = (args: Args, context: MethodContext) => Record<string, unknown>;

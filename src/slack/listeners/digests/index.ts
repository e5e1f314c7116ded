import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { Command, DigestAction } from "../../ids.ts";
import type { ListenerDeps } from "../deps.ts";
import { digestShared } from "./actions/digest-shared.ts";
import { digestCommand } from "./commands/digest.ts";

/** `/digest` and the digest's Share in channel button. */
export function registerDigestListeners(app: App, deps: ListenerDeps): void {
  app.command(Command.Digest, digestCommand(deps));
  app.action<BlockAction<ButtonAction>>(DigestAction.Share, digestShared(deps));
}

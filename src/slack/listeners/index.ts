import type { App } from "@slack/bolt";
import { registerAdminListeners } from "./admin/index.ts";
import { registerConnectListeners } from "./connect/index.ts";
import { registerDealListeners } from "./deals/index.ts";
import { registerDeliveryListeners } from "./delivery/index.ts";
import type { ListenerDeps } from "./deps.ts";
import { registerDigestListeners } from "./digests/index.ts";
import { registerHomeListeners } from "./home/index.ts";

/**
 * The only place where Slack identifiers meet their handlers: each feature's index.ts registers
 * its commands, actions, view submissions and events (one handler per file beside it).
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerDealListeners(app, deps);
  registerDeliveryListeners(app, deps);
  registerDigestListeners(app, deps);
  registerAdminListeners(app, deps, registerConnectListeners(app, deps));
  registerHomeListeners(app, deps);
}

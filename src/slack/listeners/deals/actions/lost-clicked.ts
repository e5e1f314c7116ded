import { lostDealModal } from "../../../views/deal-modals.ts";
import type { ListenerDeps } from "../../deps.ts";
import { opensDealForm } from "./changeable-deal.ts";

/** Lost on a card: the form asking why. */
export const dealLostClicked = (deps: ListenerDeps) =>
  opensDealForm(deps, (deal, channelId) => lostDealModal(deal, { channelId }));

import { editDealModal } from "../../../views/deal-modals.ts";
import type { ListenerDeps } from "../../deps.ts";
import { opensDealForm } from "./changeable-deal.ts";

/** Edit on a card: the Edit form with the deal's stages. */
export const dealEditClicked = (deps: ListenerDeps) =>
  opensDealForm(deps, (deal, channelId, stages) => editDealModal(deal, { stages, channelId }));

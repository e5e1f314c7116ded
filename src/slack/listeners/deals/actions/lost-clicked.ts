import { dealActorOf } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { lostDealModal } from "../../../views/deal-modals.ts";
import type { ListenerDeps } from "../../deps.ts";
import { opensDealForm } from "./changeable-deal.ts";

/** Lost on a card: the form asking why, unless the deal is won (final) since the card was drawn. */
export const dealLostClicked = (deps: ListenerDeps) =>
  opensDealForm(
    deps,
    (deal, channelId) => lostDealModal(deal, { channelId }),
    (args) =>
      deps.services.deals.getLosable(
        dealActorOf(args.context),
        readPayload(ZRecordId, args.action.value, STALE_BUTTON),
      ),
  );

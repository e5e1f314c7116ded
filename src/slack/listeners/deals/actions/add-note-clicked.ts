import { addNoteModal } from "../../../views/deal-modals.ts";
import type { ListenerDeps } from "../../deps.ts";
import { opensDealForm } from "./changeable-deal.ts";

/** Add note on a card: the note form. */
export const dealAddNoteClicked = (deps: ListenerDeps) =>
  opensDealForm(deps, (deal, channelId) => addNoteModal(deal, { channelId }));

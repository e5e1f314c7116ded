import { leadAssignedDm } from "../views/leads.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** A DM to the person HANDOFF_LEAD_OWNERS gave a new lead to. */
export const leadAssignedDmDeliverer: EffectDeliverer<"lead.assigned_dm"> = {
  kind: "lead.assigned_dm",
  async deliver({ teamId, intent }, slack) {
    const { lead, deal } = await slack.services.leads.lead(teamId, intent.leadId);
    await slack.post({ channel: intent.userId, ...leadAssignedDm(lead, deal) });
  },
};

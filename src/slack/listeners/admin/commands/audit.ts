import { parseAuditQuery } from "../../../../domain/audit.ts";
import { formatDealRef, parseUserMention } from "../../../../domain/command-text.ts";
import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { handoffContext } from "../../../context.ts";
import type { SlackServices } from "../../../services.ts";
import { AUDIT_PAGE_SIZE, auditLogMessage } from "../../../views/audit-log.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";

/** `/handoff audit [@person] [deal] [page]`: the latest changes, for admins and managers, privately. */
export function auditCommand(
  deps: { services: Pick<SlackServices, "admin" | "deals"> } & Pick<ListenerDeps, "clock">,
): Handler<CommandArgs> {
  return async ({ command, ack, context }) => {
    const { actor } = handoffContext(context);
    const { args } = parseSubcommand(command.text, { audit: "audit" });
    const query = parseAuditQuery(args, parseUserMention);
    const deal = query.deal
      ? await deps.services.deals.resolve(actor.teamId, query.deal, actor.userId)
      : undefined;
    const filter = {
      ...(query.personId ? { actorId: query.personId } : {}),
      ...(deal ? { entity: { type: "deal", id: deal.id } } : {}),
    };
    const { events, more } = await deps.services.admin.auditLog(actor, filter, query.page, AUDIT_PAGE_SIZE);
    const by = query.personId ? `by <@${query.personId}>` : "";
    const about = deal ? `about ${formatDealRef(deal.number)} ${deal.name}` : "";
    const parts = [query.personId ? `<@${query.personId}>` : "", deal ? formatDealRef(deal.number) : ""];
    const nextCommand = ["/handoff audit", ...parts.filter(Boolean), String(query.page + 1)].join(" ");
    await ack({
      response_type: "ephemeral",
      ...auditLogMessage(events, {
        page: query.page,
        more,
        timeZone: actor.settings.timeZone,
        now: deps.clock.now(),
        filter: [by, about].filter(Boolean).join(", "),
        nextCommand,
      }),
    });
  };
}

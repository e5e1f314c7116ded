import type { ActionsBlock, KnownBlock } from "@slack/types";
import { formatDealRef } from "../../domain/command-text.ts";
import type { Deal } from "../../domain/deal.ts";
import type { LeadRecord, LeadSourceRecord } from "../../domain/leads.ts";
import { LeadAction } from "../ids.ts";
import { button, context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { amountText, fitMrkdwn, oneLine, plainText, userMention } from "./text.ts";

/**
 * The New lead message in the sales channel: who wrote, how to reach them, what they said.
 * While nobody owns the deal it has Take it; then it says who took it (or, with
 * HANDOFF_LEAD_OWNERS, who it was given to, mentioned so they are told).
 */
export function newLeadMessage(lead: LeadRecord, deal: Deal): MessageView {
  const contact = deal.contacts[0];
  const who = [fitMrkdwn(oneLine(deal.name), 200, (s) => `*${s}*`)];
  if (deal.accountName) who.push(fitMrkdwn(oneLine(deal.accountName), 200));
  const reach = [contact?.email, contact?.phone]
    .filter((v): v is string => !!v)
    .map((v) => fitMrkdwn(oneLine(v), 260));
  const details = [
    formatDealRef(deal.number),
    ...(deal.amount !== null ? [amountText(deal.amount, deal.currency)] : []),
    ...(deal.source ? [`via ${fitMrkdwn(oneLine(deal.source), 200)}`] : []),
  ];
  const blocks: KnownBlock[] = [
    header("New lead"),
    section([who.join(" · "), ...(reach.length > 0 ? [reach.join(" · ")] : [])].join("\n")),
  ];
  if (lead.message)
    blocks.push(
      section(
        fitMrkdwn(lead.message.trim(), 2_800, (escaped) =>
          escaped
            .split("\n")
            .map((line) => `>${line}`)
            .join("\n"),
        ),
      ),
    );
  blocks.push(context(details.join(" · ")));
  const status = ownerLine(lead, deal);
  if (lead.awaitingOwner) {
    blocks.push({
      type: "actions",
      block_id: `lead.take:${lead.id}`,
      elements: [button("Take it", LeadAction.Take, lead.id, "primary")],
    } satisfies ActionsBlock);
  } else {
    blocks.push(section(status));
  }
  const name = plainText(deal.name, 80);
  return {
    text: `New lead: ${name} (${formatDealRef(deal.number)})${lead.awaitingOwner ? "" : ` — ${status}`}`,
    blocks,
  };
}

function ownerLine(lead: LeadRecord, deal: Deal): string {
  return lead.assignment === "in_turn"
    ? `Assigned to ${userMention(deal.ownerId)}`
    : `Taken by ${userMention(deal.ownerId)}`;
}

/** What a later Take it click is told, privately. */
export function alreadyTakenText(deal: Deal, by: string): string {
  return `${userMention(by)} already took this lead (${formatDealRef(deal.number)}).`;
}

export function alreadyYoursText(deal: Deal): string {
  return `This lead is already yours (${formatDealRef(deal.number)}).`;
}

/** `/handoff leads`: each source with its secret's hint, and Revoke for the live ones. */
export function leadSourcesMessage(sources: readonly LeadSourceRecord[]): MessageView {
  const blocks: KnownBlock[] = [header("Lead sources")];
  if (sources.length === 0)
    blocks.push(section("No lead sources yet. Add one with `/handoff leads add <name>`."));
  for (const source of sources) {
    const name = fitMrkdwn(oneLine(source.name), 200, (s) => `*${s}*`);
    const state = source.revokedAt ? "revoked" : `secret …${fitMrkdwn(source.hint, 10)}`;
    const line = `${name} · ${state} · added by ${userMention(source.createdById)}`;
    blocks.push(
      source.revokedAt
        ? section(line)
        : section(line, button("Revoke", LeadAction.RevokeSource, source.id, "danger")),
    );
  }
  blocks.push(
    context(
      "A website form or tool posts leads to the source's hook URL. `/handoff leads add <name>` makes a source and shows its secret once.",
    ),
  );
  return { text: `Lead sources: ${sources.length}`, blocks };
}

/** The secret, shown once, with the URL to post to and a curl example. */
export function leadSourceAddedMessage(added: {
  source: LeadSourceRecord;
  secret: string;
  hookPath: string;
  hookUrl: string | undefined;
}): MessageView {
  const url = added.hookUrl ?? `https://<your Handoff address>${added.hookPath}`;
  const example = `curl -X POST ${url} -H 'content-type: application/json' -d '{"name":"Jane Doe","company":"Acme","email":"jane@acme.example","message":"We would like a demo"}'`;
  const name = fitMrkdwn(oneLine(added.source.name), 200, (s) => `*${s}*`);
  return {
    text: `Lead source ${plainText(added.source.name, 100)} added. Its hook URL is shown once.`,
    blocks: [
      section(`Lead source ${name} added. Copy its hook URL now — it is shown only this once:`),
      section(`\`${url}\``),
      section(`Try it:\n\`\`\`${example}\`\`\``),
      context(
        "Website forms may post form-encoded fields: name (required), company, email, phone, source, message, amount. Revoke the source in `/handoff leads` if the URL leaks.",
      ),
    ],
  };
}

export function leadSourceRevokedText(source: LeadSourceRecord): string {
  return `Lead source ${fitMrkdwn(oneLine(source.name), 200, (s) => `*${s}*`)} is revoked: its hook URL no longer takes leads.`;
}

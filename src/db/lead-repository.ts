import type { OpenDealOfContact } from "../domain/leads.ts";
import type {
  LeadAssignment,
  LeadRecord,
  LeadRepository,
  LeadSourceRecord,
  LeadSourceRepository,
  LeadToRecord,
} from "../services/ports.ts";
import type { Db } from "./client.ts";
import { isUuid } from "./deal-repository.ts";

const sourceSelect = {
  id: true,
  name: true,
  hint: true,
  createdById: true,
  createdAt: true,
  revokedAt: true,
} as const;

export class PrismaLeadSources implements LeadSourceRepository {
  constructor(private readonly db: Db) {}

  async findActiveByHash(hash: string): Promise<(LeadSourceRecord & { teamId: string }) | undefined> {
    const row = await this.db.leadSource.findUnique({
      where: { secretHash: hash },
      select: { ...sourceSelect, workspaceId: true },
    });
    if (!row || row.revokedAt !== null) return undefined;
    const { workspaceId, ...source } = row;
    return { ...source, teamId: workspaceId };
  }

  list(teamId: string): Promise<LeadSourceRecord[]> {
    return this.db.leadSource.findMany({
      where: { workspaceId: teamId },
      select: sourceSelect,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 100,
    });
  }

  async findLead(teamId: string, leadId: string): Promise<LeadRecord | undefined> {
    if (!isUuid(leadId)) return undefined;
    const row = await this.db.lead.findFirst({
      where: { id: leadId, workspaceId: teamId },
      include: { source: { select: { name: true } }, deal: { select: { awaitingOwner: true } } },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      dealId: row.dealId,
      sourceName: row.source?.name ?? null,
      message: row.message,
      assignment: row.assignment as LeadAssignment,
      awaitingOwner: row.deal.awaitingOwner,
      posted:
        row.messageChannelId && row.messageTs ? { channelId: row.messageChannelId, ts: row.messageTs } : null,
    };
  }

  async setLeadMessage(leadId: string, posted: { channelId: string; ts: string }): Promise<void> {
    await this.db.lead.update({
      where: { id: leadId },
      data: { messageChannelId: posted.channelId, messageTs: posted.ts },
    });
  }
}

export class PrismaLeadRepository implements LeadRepository {
  constructor(private readonly db: Db) {}

  async lockTurn(teamId: string): Promise<string | undefined> {
    const rows = await this.db.$queryRaw<Array<{ last: string | null }>>`
      select last_lead_owner_id as last from workspace where id = ${teamId} for update`;
    return rows[0]?.last ?? undefined;
  }

  async setLastOwner(teamId: string, userId: string): Promise<void> {
    await this.db.workspace.update({ where: { id: teamId }, data: { lastLeadOwnerId: userId } });
  }

  async openDealsOf(teamId: string, emailKey: string): Promise<OpenDealOfContact[]> {
    const rows = await this.db.$queryRaw<Array<{ dealId: string; lastLeadAt: Date }>>`
      select l.deal_id as "dealId", max(l.received_at) as "lastLeadAt"
        from lead l join deal d on d.id = l.deal_id join stage s on s.id = d.stage_id
       where l.workspace_id = ${teamId} and l.email_key = ${emailKey} and s.kind = 'OPEN'
       group by l.deal_id`;
    return rows;
  }

  async record(lead: LeadToRecord): Promise<string> {
    const row = await this.db.lead.create({
      data: {
        workspaceId: lead.teamId,
        dealId: lead.dealId,
        sourceId: lead.sourceId,
        emailKey: lead.emailKey,
        disposition: lead.disposition,
        assignment: lead.assignment,
        message: lead.message,
        receivedAt: lead.at,
      },
      select: { id: true },
    });
    return row.id;
  }

  async takeIfAwaiting(dealId: string, userId: string, at: Date): Promise<boolean> {
    // One statement: of simultaneous clicks, the first to update the row wins; the others
    // wait for its lock, then find awaiting_owner false and update nothing.
    const updated = await this.db.$executeRaw`
      update deal set owner_id = ${userId}, awaiting_owner = false, last_activity_at = ${at},
                      version = version + 1, updated_at = ${at}
       where id = ${dealId}::uuid and awaiting_owner`;
    return updated === 1;
  }

  createSource(source: {
    teamId: string;
    name: string;
    secretHash: string;
    hint: string;
    createdById: string;
    at: Date;
  }): Promise<LeadSourceRecord> {
    return this.db.leadSource.create({
      data: {
        workspaceId: source.teamId,
        name: source.name,
        secretHash: source.secretHash,
        hint: source.hint,
        createdById: source.createdById,
        createdAt: source.at,
      },
      select: sourceSelect,
    });
  }

  async revokeSource(teamId: string, id: string, at: Date): Promise<LeadSourceRecord | undefined> {
    if (!isUuid(id)) return undefined;
    await this.db.leadSource.updateMany({
      where: { id, workspaceId: teamId, revokedAt: null },
      data: { revokedAt: at },
    });
    return (
      (await this.db.leadSource.findFirst({ where: { id, workspaceId: teamId }, select: sourceSelect })) ??
      undefined
    );
  }
}

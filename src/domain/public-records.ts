import { formatDealRef, formatProjectRef, formatTaskRef } from "./command-text.ts";
import type { Deal } from "./deal.ts";
import type { Project, Task } from "./delivery.ts";

/**
 * Deals, projects and tasks as other tools see them: the REST API's bodies and the `data` of
 * webhook events. One shape for both, so what a webhook announces is what the API returns.
 * Field names are snake_case JSON; references are the ones people use (`D-12`, `P-3`, `T-21`).
 */

export interface PublicStage {
  readonly id: string;
  readonly name: string;
  readonly kind: "open" | "won" | "lost";
}

export interface PublicContact {
  readonly name: string;
  readonly title: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface PublicDeal {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly company: string | null;
  /** Exact decimal string, so no float rounding on the way out. */
  readonly amount: string | null;
  readonly currency: string;
  readonly stage: PublicStage;
  /** Slack user id of the owner: the app's own user while `awaiting_owner`. */
  readonly owner_id: string;
  /** A lead nobody has taken yet (Take it in the sales channel); nobody is working it. */
  readonly awaiting_owner: boolean;
  readonly expected_close_date: string | null;
  readonly next_step: string | null;
  readonly next_step_date: string | null;
  readonly source: string | null;
  readonly contacts: readonly PublicContact[];
  readonly lost_reason: string | null;
  readonly stage_entered_at: string;
  readonly last_activity_at: string;
  readonly closed_at: string | null;
  readonly created_at: string;
  /** Bumped by every change: a client can tell a stale copy. */
  readonly version: number;
}

export interface PublicTask {
  readonly id: string;
  readonly ref: string;
  readonly project_id: string;
  readonly phase: string;
  readonly title: string;
  readonly owner_role: string | null;
  readonly due_date: string | null;
  readonly assignee_id: string | null;
  readonly done: boolean;
  readonly completed_at: string | null;
  readonly completed_by_id: string | null;
  /** Refs of the tasks this one waits on. */
  readonly depends_on: readonly string[];
}

export interface PublicProject {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly deal_id: string | null;
  readonly deal_ref: string | null;
  readonly company: string | null;
  readonly sales_owner_id: string | null;
  readonly delivery_lead_id: string | null;
  readonly kickoff_date: string;
  readonly status: "active" | "completed" | "cancelled";
  readonly goals: string | null;
  readonly commitments: string | null;
  readonly key_contacts: string | null;
  readonly completed_at: string | null;
  readonly created_at: string;
  readonly tasks: readonly PublicTask[];
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function publicDeal(deal: Deal): PublicDeal {
  return {
    id: deal.id,
    ref: formatDealRef(deal.number),
    name: deal.name,
    company: deal.accountName,
    amount: deal.amount,
    currency: deal.currency,
    stage: { id: deal.stage.id, name: deal.stage.name, kind: deal.stage.kind },
    owner_id: deal.ownerId,
    awaiting_owner: deal.awaitingOwner,
    expected_close_date: deal.expectedCloseDate,
    next_step: deal.nextStep,
    next_step_date: deal.nextStepDate,
    source: deal.source,
    contacts: deal.contacts.map((c) => ({ name: c.name, title: c.title, email: c.email, phone: c.phone })),
    lost_reason: deal.lostReason,
    stage_entered_at: deal.stageEnteredAt.toISOString(),
    last_activity_at: deal.lastActivityAt.toISOString(),
    closed_at: iso(deal.closedAt),
    created_at: deal.createdAt.toISOString(),
    version: deal.version,
  };
}

export function publicTask(task: Task): PublicTask {
  return {
    id: task.id,
    ref: formatTaskRef(task.number),
    project_id: task.projectId,
    phase: task.phase,
    title: task.title,
    owner_role: task.ownerRole,
    due_date: task.dueDate,
    assignee_id: task.assigneeId,
    done: task.done,
    completed_at: iso(task.completedAt),
    completed_by_id: task.completedById,
    depends_on: task.dependsOn.map((d) => formatTaskRef(d.number)),
  };
}

export function publicProject(project: Project): PublicProject {
  return {
    id: project.id,
    ref: formatProjectRef(project.number),
    name: project.name,
    deal_id: project.dealId,
    deal_ref: project.dealNumber === null ? null : formatDealRef(project.dealNumber),
    company: project.accountName,
    sales_owner_id: project.salesOwnerId,
    delivery_lead_id: project.deliveryLeadId,
    kickoff_date: project.kickoffDate,
    status: project.status,
    goals: project.goals,
    commitments: project.commitments,
    key_contacts: project.keyContacts,
    completed_at: iso(project.completedAt),
    created_at: project.createdAt.toISOString(),
    tasks: project.tasks.map(publicTask),
  };
}

/** A company deals and projects are for. */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly createdAt: Date;
}

/** A person at a customer, as stored once for every deal they are on. */
export interface Contact {
  readonly id: string;
  readonly name: string;
  readonly title: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly accountId: string | null;
  readonly createdAt: Date;
}

export interface DealNote {
  readonly id: string;
  readonly authorId: string;
  readonly body: string;
  readonly createdAt: Date;
}

export interface PublicAccount {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly created_at: string;
}

export interface PublicContactRecord extends PublicContact {
  readonly id: string;
  readonly account_id: string | null;
  readonly created_at: string;
}

export interface PublicNote {
  readonly id: string;
  /** Slack user id of who wrote it (a token's creator for notes made through the API). */
  readonly author_id: string;
  readonly body: string;
  readonly created_at: string;
}

export function publicAccount(account: Account): PublicAccount {
  return {
    id: account.id,
    name: account.name,
    domain: account.domain,
    created_at: account.createdAt.toISOString(),
  };
}

export function publicContactRecord(contact: Contact): PublicContactRecord {
  return {
    id: contact.id,
    name: contact.name,
    title: contact.title,
    email: contact.email,
    phone: contact.phone,
    account_id: contact.accountId,
    created_at: contact.createdAt.toISOString(),
  };
}

export function publicNote(note: DealNote): PublicNote {
  return { id: note.id, author_id: note.authorId, body: note.body, created_at: note.createdAt.toISOString() };
}

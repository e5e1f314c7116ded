import type { CalendarDate } from "./dates.ts";

/**
 * Delivery: templates of phased tasks, onboarding projects opened from a won
 * deal, and tasks people claim and complete. Types here; rules in delivery-rules.ts.
 */

export interface TemplateTask {
  /** Stable within the template; dependencies name tasks by key. */
  readonly key: string;
  readonly title: string;
  /** Who usually does it ("delivery lead", "consultant", "sales", "finance"…). */
  readonly ownerRole: string;
  /** Due this many days after kickoff (may be negative: before kickoff). */
  readonly dueOffsetDays: number;
  /** Keys of earlier tasks that must be done first. */
  readonly dependsOn: readonly string[];
}

export interface TemplatePhase {
  readonly name: string;
  readonly tasks: readonly TemplateTask[];
}

export interface TemplateDefinition {
  readonly phases: readonly TemplatePhase[];
}

export interface Template {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string | null;
  readonly definition: TemplateDefinition;
  readonly version: number;
  readonly isDefault: boolean;
}

/** A task of a project, as planned from its template (before it is stored). */
export interface PlannedTask {
  readonly key: string;
  readonly phase: string;
  readonly position: number;
  readonly title: string;
  readonly ownerRole: string;
  readonly dueDate: CalendarDate;
  readonly dependsOn: readonly string[];
}

export interface TaskDependencyRef {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly done: boolean;
}

export interface Task {
  readonly id: string;
  readonly number: number;
  readonly projectId: string;
  readonly phase: string;
  readonly position: number;
  readonly title: string;
  readonly ownerRole: string | null;
  readonly dueDate: CalendarDate | null;
  readonly assigneeId: string | null;
  readonly done: boolean;
  readonly completedAt: Date | null;
  readonly completedById: string | null;
  readonly dependsOn: readonly TaskDependencyRef[];
  /** Its message in the project thread, once posted. */
  readonly messageTs: string | null;
}

/** What a person sees of a task: waiting on others, free to claim, someone's, or done. */
export type TaskState = "waiting" | "ready" | "claimed" | "done";

export type ProjectStatus = "active" | "completed" | "cancelled";

/** Delivery health at a glance: overdue work makes it late, work due soon and unowned makes it at risk. */
export type ProjectHealth = "on_track" | "at_risk" | "late";

export interface Project {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly dealId: string | null;
  readonly dealNumber: number | null;
  readonly accountName: string | null;
  /** The won deal's owner, told when the project completes. */
  readonly salesOwnerId: string | null;
  readonly deliveryLeadId: string | null;
  readonly kickoffDate: CalendarDate;
  readonly status: ProjectStatus;
  readonly goals: string | null;
  readonly commitments: string | null;
  readonly keyContacts: string | null;
  /** The parent message in the delivery channel; its thread holds the brief and the tasks. */
  readonly thread: { readonly channelId: string; readonly ts: string } | null;
  readonly completedAt: Date | null;
  readonly createdAt: Date;
  readonly tasks: readonly Task[];
}

/** The handoff form (modal "Deal won — handoff"). */
export interface HandoffInput {
  readonly kickoffDate: CalendarDate;
  readonly goals: string;
  readonly commitments: string;
  readonly keyContacts: string;
  readonly templateId: string;
  readonly deliveryLeadId: string | null;
}

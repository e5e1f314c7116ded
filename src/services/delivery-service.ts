import { formatDealRef, formatProjectRef, formatTaskRef, parseProjectRef } from "../domain/command-text.ts";
import type { CalendarDate } from "../domain/dates.ts";
import { canChangeDeal, type Deal } from "../domain/deal.ts";
import type { HandoffInput, Project, Task, Template } from "../domain/delivery.ts";
import {
  checkClaim,
  checkComplete,
  checkReassign,
  checkUnclaim,
  isProjectComplete,
  planTasks,
} from "../domain/delivery-rules.ts";
import {
  checkDate,
  checkLength,
  type FieldProblem,
  type FieldProblemAt,
  isSlackUserId,
  storableText,
} from "../domain/limits.ts";
import { SEEDED_TEMPLATES } from "../domain/onboarding-template.ts";
import type { Role } from "../domain/workspace.ts";
import { AppError, AppErrorCode } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import type { ActorContext } from "./deal-service.ts";
import { invalidFields } from "./field-errors.ts";
import type {
  DeliveryRepository,
  ListedTask,
  PersonDirectory,
  ProjectHeader,
  StageRepository,
  TaskListFilter,
  TransactionRepositories,
  UnitOfWork,
} from "./ports.ts";
import { homeRefreshes, type SlackEffectIntent } from "./slack-effects.ts";

export interface DeliveryActor extends ActorContext {
  readonly role: Role;
  readonly winsChannelId: string | undefined;
  readonly deliveryChannelId: string | undefined;
}

export type TaskOutcome =
  | { readonly kind: "done"; readonly task: Task; readonly projectCompleted: boolean }
  | { readonly kind: "claimed"; readonly task: Task }
  | { readonly kind: "unclaimed"; readonly task: Task }
  | { readonly kind: "reassigned"; readonly task: Task }
  /** Not an error: someone else was first, or it had already happened. */
  | { readonly kind: "already_claimed"; readonly task: Task; readonly by: string }
  | { readonly kind: "already_yours"; readonly task: Task }
  | { readonly kind: "already_done"; readonly task: Task };

/**
 * Won → handoff → delivery (PRODUCT §5). Winning is one transaction: the deal becomes Won,
 * the project and its tasks are created from the template, and every Slack message is queued.
 * Claims are conditional writes: of simultaneous claims exactly one wins.
 */
export class DeliveryService {
  constructor(
    private readonly deps: {
      delivery: DeliveryRepository;
      stages: StageRepository;
      unitOfWork: UnitOfWork;
      clock: Clock;
      /** Who a Slack user id is: a delivery lead must be a person in the workspace. */
      people: PersonDirectory;
      onEffectsQueued?: () => void;
    },
  ) {}

  templates(teamId: string): Promise<Template[]> {
    return this.deps.delivery.templates(teamId, SEEDED_TEMPLATES);
  }

  async project(teamId: string, id: string): Promise<Project> {
    const project = await this.deps.delivery.findById(teamId, id);
    if (!project) throw new AppError(AppErrorCode.NotFound, "That project no longer exists.");
    return project;
  }

  /** The project without its tasks (a task message needs no more). */
  async projectHeader(teamId: string, id: string): Promise<ProjectHeader> {
    const header = await this.deps.delivery.findHeader(teamId, id);
    if (!header) throw new AppError(AppErrorCode.NotFound, "That project no longer exists.");
    return header;
  }

  async projectOfDeal(dealId: string): Promise<Project | undefined> {
    return this.deps.delivery.findByDeal(dealId);
  }

  /** `P-3`, `3`, or part of a project's or customer's name. */
  async resolveProject(teamId: string, query: string): Promise<Project> {
    const number = parseProjectRef(query.trim());
    if (number !== undefined) {
      const project = await this.deps.delivery.findByNumber(teamId, number);
      if (project) return project;
      throw new AppError(
        AppErrorCode.NotFound,
        `There is no project ${formatProjectRef(number)}. \`/project\` lists the active ones.`,
      );
    }
    const matches = await this.deps.delivery.search(teamId, query.trim(), 6);
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0)
      throw new AppError(AppErrorCode.NotFound, "No project matches that. `/project` lists the active ones.");
    throw new AppError(
      AppErrorCode.Ambiguous,
      `That matches ${matches.length} projects: ${matches
        .slice(0, 5)
        .map((p) => `${formatProjectRef(p.number)} ${p.name}`)
        .join(", ")}. Use its reference.`,
    );
  }

  activeProjects(teamId: string): Promise<Project[]> {
    return this.deps.delivery.listActive(teamId, 100);
  }

  listTasks(teamId: string, filter: TaskListFilter): Promise<{ tasks: ListedTask[]; total: number }> {
    return this.deps.delivery.listTasks(teamId, filter, 200);
  }

  dealNotes(dealId: string): Promise<Array<{ authorId: string; body: string; at: Date }>> {
    return this.deps.delivery.dealNotes(dealId);
  }

  async recordThread(projectId: string, thread: { channelId: string; ts: string }): Promise<void> {
    await this.deps.delivery.setThread(projectId, thread);
  }

  async recordTaskMessage(taskId: string, ts: string): Promise<void> {
    await this.deps.delivery.setTaskMessage(taskId, ts);
  }

  async task(teamId: string, id: string): Promise<Task> {
    const task = await this.deps.delivery.findTask(teamId, id);
    if (!task) throw new AppError(AppErrorCode.NotFound, "That task no longer exists.");
    return task;
  }

  /**
   * The handoff: Won, the project from the template, and the announcements, all or nothing.
   * Winning twice (double click, a retry, two people) returns the first project.
   */
  async winDeal(
    actor: DeliveryActor,
    dealId: string,
    input: HandoffInput,
  ): Promise<{ deal: Deal; project: Project; created: boolean }> {
    input = {
      ...input,
      goals: storableText(input.goals),
      commitments: storableText(input.commitments),
      keyContacts: storableText(input.keyContacts),
    };
    for (const [field, value] of [
      ["goals", input.goals],
      ["commitments", input.commitments],
      ["keyContacts", input.keyContacts],
    ] as const) {
      if (!value)
        throw new AppError(
          AppErrorCode.InvalidInput,
          "This is what delivery needs to know — please fill it in.",
          { field },
        );
    }
    await this.checkFields([
      { field: "kickoff", problem: checkDate(input.kickoffDate) },
      { field: "goals", problem: checkLength(input.goals, "handoffGoals") },
      { field: "commitments", problem: checkLength(input.commitments, "handoffCommitments") },
      { field: "keyContacts", problem: checkLength(input.keyContacts, "handoffKeyContacts") },
      { field: "lead", problem: await this.checkLead(input.deliveryLeadId, actor.userId) },
    ]);
    const templates = await this.templates(actor.teamId);
    const template = templates.find((t) => t.id === input.templateId);
    if (!template)
      throw new AppError(AppErrorCode.InvalidInput, "Pick one of the onboarding templates.", {
        field: "template",
      });
    const won = (await this.deps.stages.list(actor.teamId)).find((s) => s.kind === "won");
    if (!won)
      throw new AppError(AppErrorCode.Conflict, "This pipeline has no Won stage; ask an admin to add one.");
    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const deal = await tx.deals.lockById(actor.teamId, dealId);
      if (!deal) throw new AppError(AppErrorCode.NotFound, "That deal no longer exists.");
      if (deal.stage.kind === "won") {
        const existing = await tx.delivery.findByDeal(deal.id);
        if (existing) return { deal, project: existing, created: false };
      }
      if (!canChangeDeal(actor, deal)) {
        throw new AppError(
          AppErrorCode.Forbidden,
          `Only <@${deal.ownerId}> (the owner), managers and admins can win ${formatDealRef(deal.number)}.`,
        );
      }
      if (deal.amount === null || deal.expectedCloseDate === null) {
        throw new AppError(
          AppErrorCode.InvalidInput,
          `Won needs an amount and a close date on ${formatDealRef(deal.number)} — add them with \`/deal edit ${formatDealRef(deal.number)}\` first.`,
        );
      }
      const wonDeal = await tx.deals.setStage(deal, won, {
        lostReason: null,
        closedAt: now,
        at: now,
      });
      await tx.deals.recordStageChange({
        dealId: deal.id,
        fromStageId: deal.stage.id,
        toStageId: won.id,
        actorId: actor.userId,
        at: now,
      });
      const project = await tx.delivery.create({
        teamId: actor.teamId,
        name: `${deal.accountName ?? deal.name} onboarding`,
        dealId: deal.id,
        accountId: await tx.deals.accountIdOf(deal.id),
        templateId: template.id,
        deliveryLeadId: input.deliveryLeadId,
        kickoffDate: input.kickoffDate,
        goals: input.goals,
        commitments: input.commitments,
        keyContacts: input.keyContacts,
        createdById: actor.userId,
        tasks: planTasks(template.definition, input.kickoffDate),
        at: now,
      });
      await audit(
        tx,
        actor,
        "deal.won",
        "deal",
        deal.id,
        { stage: deal.stage.key },
        { stage: won.key, project: project.number },
        now,
      );
      await audit(
        tx,
        actor,
        "project.created",
        "project",
        project.id,
        null,
        { number: project.number, template: template.key, tasks: project.tasks.length },
        now,
      );
      await tx.effects.enqueue(actor.teamId, [
        ...(actor.winsChannelId
          ? [{ kind: "deal.won" as const, dealId: deal.id, channelId: actor.winsChannelId }]
          : []),
        ...this.threadEffects(actor, project),
        ...((deal.card ?? actor.salesChannelId)
          ? [
              {
                kind: "deal.card" as const,
                dealId: deal.id,
                channelId: deal.card?.channelId ?? actor.salesChannelId!,
              },
              {
                kind: "deal.reply" as const,
                dealId: deal.id,
                channelId: deal.card?.channelId ?? actor.salesChannelId!,
                actorId: actor.userId,
                change: { type: "won" as const, projectNumber: project.number },
              },
            ]
          : []),
        ...homeRefreshes(actor.userId, deal.ownerId),
      ]);
      return { deal: wonDeal, project, created: true };
    });
    if (result.created) this.deps.onEffectsQueued?.();
    return result;
  }

  /** A project without a deal (`/project new`). */
  async createProject(
    actor: DeliveryActor,
    input: {
      name: string;
      customer: string | null;
      kickoffDate: CalendarDate;
      templateId: string;
      deliveryLeadId: string | null;
      goals: string | null;
    },
    requestKey: string,
  ): Promise<Project> {
    const name = storableText(input.name);
    if (!name) throw new AppError(AppErrorCode.InvalidInput, "Give the project a name.", { field: "name" });
    const customer = input.customer === null ? null : storableText(input.customer) || null;
    const goals = input.goals === null ? null : storableText(input.goals) || null;
    await this.checkFields([
      { field: "name", problem: checkLength(name, "projectName") },
      { field: "customer", problem: customer === null ? undefined : checkLength(customer, "customer") },
      { field: "kickoff", problem: checkDate(input.kickoffDate) },
      { field: "goals", problem: goals === null ? undefined : checkLength(goals, "handoffGoals") },
      { field: "lead", problem: await this.checkLead(input.deliveryLeadId, actor.userId) },
    ]);
    const template = (await this.templates(actor.teamId)).find((t) => t.id === input.templateId);
    if (!template)
      throw new AppError(AppErrorCode.InvalidInput, "Pick one of the onboarding templates.", {
        field: "template",
      });
    const now = this.deps.clock.now();
    const project = await this.deps.unitOfWork.run(async (tx) => {
      if (!(await tx.requests.claim(`project.create:${requestKey}`))) return undefined;
      const created = await tx.delivery.create({
        teamId: actor.teamId,
        name,
        dealId: null,
        accountId: customer ? await tx.deals.accountIdFor(actor.teamId, customer) : null,
        templateId: template.id,
        deliveryLeadId: input.deliveryLeadId,
        kickoffDate: input.kickoffDate,
        goals,
        commitments: null,
        keyContacts: null,
        createdById: actor.userId,
        tasks: planTasks(template.definition, input.kickoffDate),
        at: now,
      });
      await audit(
        tx,
        actor,
        "project.created",
        "project",
        created.id,
        null,
        { number: created.number, template: template.key },
        now,
      );
      await tx.effects.enqueue(actor.teamId, this.threadEffects(actor, created));
      return created;
    });
    if (!project)
      throw new AppError(
        AppErrorCode.Conflict,
        "That project is being created already — see `/project` in a moment.",
      );
    this.deps.onEffectsQueued?.();
    return project;
  }

  /** Refuses every field with a problem at once, so the form shows them all. */
  private async checkFields(
    checks: ReadonlyArray<{ field: string; problem: FieldProblem | undefined }>,
  ): Promise<void> {
    const problems = checks.filter((c): c is FieldProblemAt => c.problem !== undefined);
    if (problems.length > 0) throw invalidFields(problems);
  }

  /** A delivery lead, when given, is a person in the workspace (the one asking needs no lookup). */
  private async checkLead(leadId: string | null, actorId: string): Promise<FieldProblem | undefined> {
    if (leadId === null || leadId === actorId) return undefined;
    if (!isSlackUserId(leadId)) return { kind: "unknown_person", userId: leadId };
    const kind = await this.deps.people.kindOf(leadId);
    if (kind === "person") return undefined;
    if (kind === "bot") return { kind: "not_a_person", userId: leadId };
    if (kind === "unavailable") return { kind: "person_unchecked", userId: leadId };
    return { kind: "unknown_person", userId: leadId };
  }

  async claim(actor: DeliveryActor, taskId: string): Promise<TaskOutcome> {
    const now = this.deps.clock.now();
    const outcome = await this.deps.unitOfWork.run(async (tx): Promise<TaskOutcome> => {
      const task = await this.taskIn(tx, actor.teamId, taskId);
      const check = checkClaim(task, actor.userId);
      if (!check.ok) {
        switch (check.reason) {
          case "done":
            return { kind: "already_done", task };
          case "already_yours":
            return { kind: "already_yours", task };
          case "already_claimed":
            return { kind: "already_claimed", task, by: check.by };
          case "waiting":
            throw new AppError(
              AppErrorCode.Conflict,
              `${formatTaskRef(task.number)} waits on ${check.on.map((d) => `${formatTaskRef(d.number)} ${d.title}`).join(", ")} — claim it once ${check.on.length > 1 ? "they are" : "that is"} done.`,
            );
        }
      }
      // The conditional write decides races: the loser sees who won.
      if (!(await tx.delivery.claimIfFree(task.id, actor.userId, now))) {
        const current = await this.taskIn(tx, actor.teamId, taskId);
        return current.assigneeId
          ? { kind: "already_claimed", task: current, by: current.assigneeId }
          : { kind: "already_done", task: current };
      }
      // What the conditional write just made it: no need to read it back.
      const claimed: Task = { ...task, assigneeId: actor.userId };
      await audit(
        tx,
        actor,
        "task.claimed",
        "task",
        task.id,
        { assigneeId: null },
        { assigneeId: actor.userId },
        now,
      );
      await this.queueTaskUpdates(tx, actor, claimed.projectId, [claimed.id], homeRefreshes(actor.userId));
      return { kind: "claimed", task: claimed };
    });
    if (outcome.kind === "claimed") this.deps.onEffectsQueued?.();
    return outcome;
  }

  async complete(actor: DeliveryActor, taskId: string): Promise<TaskOutcome> {
    const now = this.deps.clock.now();
    const outcome = await this.deps.unitOfWork.run(async (tx): Promise<TaskOutcome> => {
      const task = await this.lockTask(tx, actor.teamId, taskId);
      const project = await this.projectIn(tx, actor.teamId, task.projectId);
      const check = checkComplete(actor, task, project);
      if (!check.ok) {
        if (check.reason === "already_done") return { kind: "already_done", task };
        if (check.reason === "waiting") {
          throw new AppError(
            AppErrorCode.Conflict,
            `${formatTaskRef(task.number)} can't be done yet: it waits on ${check.on.map((d) => `${formatTaskRef(d.number)} ${d.title}`).join(", ")}.`,
          );
        }
        throw this.notAllowed(task, project, "mark it done");
      }
      await tx.delivery.markDone(task.id, actor.userId, now);
      await audit(tx, actor, "task.done", "task", task.id, { done: false }, { done: true }, now);
      const dependents = await tx.delivery.dependents(task.id);
      const after = await this.projectIn(tx, actor.teamId, project.id);
      let projectCompleted = false;
      if (isProjectComplete(after.tasks) && (await tx.delivery.markCompleted(project.id, now))) {
        projectCompleted = true;
        await audit(
          tx,
          actor,
          "project.completed",
          "project",
          project.id,
          { status: "active" },
          { status: "completed" },
          now,
        );
        if (after.salesOwnerId)
          await tx.effects.enqueue(actor.teamId, [
            { kind: "project.completed_dm", projectId: project.id, userId: after.salesOwnerId },
          ]);
      }
      await this.queueTaskUpdates(
        tx,
        actor,
        project.id,
        [task.id, ...dependents],
        homeRefreshes(actor.userId, task.assigneeId),
      );
      return { kind: "done", task: await this.taskIn(tx, actor.teamId, task.id), projectCompleted };
    });
    if (outcome.kind === "done") this.deps.onEffectsQueued?.();
    return outcome;
  }

  async unclaim(actor: DeliveryActor, taskId: string): Promise<TaskOutcome> {
    return this.changeAssignee(actor, taskId, null);
  }

  async reassign(actor: DeliveryActor, taskId: string, toUserId: string): Promise<TaskOutcome> {
    return this.changeAssignee(actor, taskId, toUserId);
  }

  private async changeAssignee(
    actor: DeliveryActor,
    taskId: string,
    toUserId: string | null,
  ): Promise<TaskOutcome> {
    const now = this.deps.clock.now();
    const outcome = await this.deps.unitOfWork.run(async (tx): Promise<TaskOutcome> => {
      const task = await this.lockTask(tx, actor.teamId, taskId);
      const project = await this.projectIn(tx, actor.teamId, task.projectId);
      const check =
        toUserId === null
          ? checkUnclaim(actor, task, project)
          : checkReassign(actor, task, project, toUserId);
      if (!check.ok) {
        switch (check.reason) {
          case "done":
            return { kind: "already_done", task };
          case "not_claimed":
            throw new AppError(
              AppErrorCode.Conflict,
              `${formatTaskRef(task.number)} isn't claimed by anyone.`,
            );
          case "same_person":
            return { kind: "already_claimed", task, by: task.assigneeId ?? toUserId ?? "" };
          default:
            throw this.notAllowed(task, project, toUserId === null ? "unclaim it" : "reassign it");
        }
      }
      await tx.delivery.setAssignee(task.id, toUserId, now);
      await audit(
        tx,
        actor,
        toUserId === null ? "task.unclaimed" : "task.reassigned",
        "task",
        task.id,
        { assigneeId: task.assigneeId },
        { assigneeId: toUserId },
        now,
      );
      await this.queueTaskUpdates(
        tx,
        actor,
        project.id,
        [task.id],
        homeRefreshes(actor.userId, task.assigneeId, toUserId),
      );
      const updated = await this.taskIn(tx, actor.teamId, task.id);
      return toUserId === null ? { kind: "unclaimed", task: updated } : { kind: "reassigned", task: updated };
    });
    if (outcome.kind === "unclaimed" || outcome.kind === "reassigned") this.deps.onEffectsQueued?.();
    return outcome;
  }

  /** Parent, brief, then every task: one ordering key, so Slack shows them in this order. */
  private threadEffects(actor: DeliveryActor, project: Project): SlackEffectIntent[] {
    const channelId = actor.deliveryChannelId;
    if (!channelId) return [];
    return [
      { kind: "project.parent", projectId: project.id, channelId },
      { kind: "project.brief", projectId: project.id, channelId },
      ...project.tasks.map((t) => ({
        kind: "task.message" as const,
        projectId: project.id,
        taskId: t.id,
        channelId,
      })),
    ];
  }

  /**
   * Queues the changed tasks' messages and the parent's progress where the thread is, with
   * the App Home refreshes the change calls for, in one write.
   */
  private async queueTaskUpdates(
    tx: TransactionRepositories,
    actor: DeliveryActor,
    projectId: string,
    taskIds: readonly string[],
    homes: readonly SlackEffectIntent[],
  ): Promise<void> {
    // Only where the thread is: a claim must not load the whole project and its tasks.
    const header = await tx.delivery.findHeader(actor.teamId, projectId);
    if (!header) throw new AppError(AppErrorCode.NotFound, "That project no longer exists.");
    const channelId = header.thread?.channelId ?? actor.deliveryChannelId;
    const thread: SlackEffectIntent[] = channelId
      ? [
          ...taskIds.map((taskId) => ({ kind: "task.message" as const, projectId, taskId, channelId })),
          { kind: "project.parent", projectId, channelId },
        ]
      : [];
    await tx.effects.enqueue(actor.teamId, [...thread, ...homes]);
  }

  private notAllowed(task: Task, project: Project, what: string): AppError {
    const who = [
      task.assigneeId ? `<@${task.assigneeId}> (who has it)` : null,
      project.deliveryLeadId ? `the delivery lead <@${project.deliveryLeadId}>` : "the delivery lead",
      "managers and admins",
    ].filter(Boolean);
    return new AppError(
      AppErrorCode.Forbidden,
      `Only ${who.join(", ")} can ${what} on ${formatTaskRef(task.number)}.`,
    );
  }

  private async taskIn(tx: TransactionRepositories, teamId: string, id: string): Promise<Task> {
    const task = await tx.delivery.findTask(teamId, id);
    if (!task) throw new AppError(AppErrorCode.NotFound, "That task no longer exists.");
    return task;
  }

  private async lockTask(tx: TransactionRepositories, teamId: string, id: string): Promise<Task> {
    const task = await tx.delivery.lockTask(teamId, id);
    if (!task) throw new AppError(AppErrorCode.NotFound, "That task no longer exists.");
    return task;
  }

  private async projectIn(tx: TransactionRepositories, teamId: string, id: string): Promise<Project> {
    const project = await tx.delivery.findById(teamId, id);
    if (!project) throw new AppError(AppErrorCode.NotFound, "That project no longer exists.");
    return project;
  }
}

async function audit(
  tx: TransactionRepositories,
  actor: DeliveryActor,
  action: string,
  entityType: string,
  entityId: string,
  before: unknown,
  after: unknown,
  at: Date,
): Promise<void> {
  await tx.audit.record({
    teamId: actor.teamId,
    actorId: actor.userId,
    action,
    entityType,
    entityId,
    before,
    after,
    at,
  });
}

import { parseProjectRef } from "../domain/command-text.ts";
import { type CalendarDate, type Holidays, isValidCalendarDate } from "../domain/dates.ts";
import { canChangeDeal, checkWin, type Deal, missingDetails, type WinCheck } from "../domain/deal.ts";
import type { HandoffInput, Project, Task, Template } from "../domain/delivery.ts";
import {
  checkClaim,
  checkComplete,
  checkReassign,
  checkUnclaim,
  defaultKickoffDate,
  isProjectComplete,
  planTasks,
} from "../domain/delivery-rules.ts";
import { workspaceHolidays } from "../domain/holidays.ts";
import {
  checkDate,
  checkLength,
  type FieldProblem,
  type FieldProblemAt,
  isSlackUserId,
  storableText,
} from "../domain/limits.ts";
import { SEEDED_TEMPLATES } from "../domain/onboarding-template.ts";
import { dealEvent, projectEvent, taskEvent } from "../domain/webhooks.ts";
import type { Role } from "../domain/workspace.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import { recordAudit } from "./audit.ts";
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

export interface ProjectFormDefaults {
  readonly templates: Template[];
  readonly defaultTemplateId: string;
  readonly kickoff: CalendarDate;
}

/** A deal that may be won, and what its handoff form opens with. */
export interface PreparedWin extends ProjectFormDefaults {
  readonly deal: Deal;
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
 * Won → handoff → delivery. Winning is one transaction: the deal becomes Won,
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
      /** The days off a form proposes dates around: read from cache, inside Slack's 3 s window. */
      holidays: (teamId: string) => Promise<Holidays>;
      onEffectsQueued?: () => void;
    },
  ) {}

  /** The workspace's days off (its own list and its country's): no task falls due on one. */
  private async holidaysOf(tx: TransactionRepositories, teamId: string): Promise<Holidays> {
    return workspaceHolidays(await tx.workspaces.ensure(teamId));
  }

  templates(teamId: string): Promise<Template[]> {
    return this.deps.delivery.templates(teamId, SEEDED_TEMPLATES);
  }

  /** What a new project's form opens with: the templates, the default one and a kickoff date. */
  async projectFormDefaults(teamId: string, today: CalendarDate): Promise<ProjectFormDefaults> {
    const templates = await this.templates(teamId);
    const defaultTemplate = templates.find((t) => t.isDefault) ?? templates[0]!;
    const holidays = await this.deps.holidays(teamId);
    return {
      templates,
      defaultTemplateId: defaultTemplate.id,
      kickoff: defaultKickoffDate(today, holidays),
    };
  }

  /**
   * Before the handoff form opens: a deal is won once, and only with the amount and close date
   * a Won needs. The same rule holds again when the form is saved (winDeal).
   */
  async prepareWin(teamId: string, deal: Deal, today: CalendarDate): Promise<PreparedWin> {
    const check = checkWin(deal);
    if (!check.ok && check.reason === "already_won") {
      const project = await this.projectOfDeal(deal.id);
      // Won through the API, handoff still to do: the form is how it gets done.
      if (!project) return { deal, ...(await this.projectFormDefaults(teamId, today)) };
      throw new AppError("deal.already_won", { number: deal.number, projectNumber: project.number });
    }
    refuseWin(deal, check);
    return { deal, ...(await this.projectFormDefaults(teamId, today)) };
  }

  async project(teamId: string, id: string): Promise<Project> {
    const project = await this.deps.delivery.findById(teamId, id);
    if (!project) throw new AppError("project.gone", {});
    return project;
  }

  /** The project without its tasks (a task message needs no more). */
  async projectHeader(teamId: string, id: string): Promise<ProjectHeader> {
    const header = await this.deps.delivery.findHeader(teamId, id);
    if (!header) throw new AppError("project.gone", {});
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
      throw new AppError("project.not_found", { number });
    }
    const matches = await this.deps.delivery.search(teamId, query.trim(), 6);
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new AppError("project.no_match", {});
    throw new AppError("project.ambiguous", {
      matchCount: matches.length,
      candidates: matches.slice(0, 5).map((p) => ({ number: p.number, name: p.name })),
    });
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
    if (!task) throw new AppError("task.gone", {});
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
    assertKickoffGiven(input.kickoffDate);
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
      if (!value) throw new AppError("handoff.field_required", { field });
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
    if (!template) throw new AppError("handoff.template_unknown", { field: "template" });
    const won = (await this.deps.stages.list(actor.teamId)).find((s) => s.kind === "won");
    if (!won) throw new AppError("pipeline.no_won_stage", {});
    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const deal = await tx.deals.lockById(actor.teamId, dealId);
      if (!deal) throw new AppError("deal.gone", {});
      const check = checkWin(deal);
      const alreadyWon = !check.ok && check.reason === "already_won";
      if (alreadyWon) {
        const existing = await tx.delivery.findByDeal(deal.id);
        if (existing) return { deal, project: existing, created: false };
      }
      if (!canChangeDeal(actor, deal)) throw notOwnerToWin(deal);
      if (!check.ok && check.reason === "needs_owner")
        throw new AppError("deal.win_needs_owner", { number: deal.number });
      // Asked again on save, also of a deal won through the API whose handoff is left to do.
      if (missingDetails(deal, { requiresAmountAndCloseDate: true }).length > 0) {
        throw new AppError("deal.win_needs_details", {
          number: deal.number,
          missing: ["amount", "close date"],
          when: "on_save",
        });
      }
      // A deal won through the API is already Won: only its handoff is left to do.
      const wonDeal = alreadyWon
        ? deal
        : await tx.deals.setStage(deal, won, { lostReason: null, closedAt: now, at: now });
      if (!alreadyWon)
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
        tasks: planTasks(template.definition, input.kickoffDate, await this.holidaysOf(tx, actor.teamId)),
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
      await tx.webhooks.record(actor.teamId, dealEvent("deal.stage_changed", wonDeal, now));
      await tx.webhooks.record(actor.teamId, dealEvent("deal.won", wonDeal, now));
      await tx.webhooks.record(actor.teamId, projectEvent("project.created", project, now));
      return { deal: wonDeal, project, created: true };
    });
    if (result.created) this.deps.onEffectsQueued?.();
    return result;
  }

  /**
   * Won through the API, which has no handoff form: the deal becomes Won now and its owner is
   * asked by DM to complete the handoff (the form then opens the project). Same gates as the
   * form: who may change the deal, and the amount and close date a Won needs.
   */
  async markWonAwaitingHandoff(actor: DeliveryActor, dealId: string, tokenName: string): Promise<Deal> {
    const won = (await this.deps.stages.list(actor.teamId)).find((s) => s.kind === "won");
    if (!won) throw new AppError("pipeline.no_won_stage", {});
    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const deal = await tx.deals.lockById(actor.teamId, dealId);
      if (!deal) throw new AppError("deal.gone", {});
      if (!canChangeDeal(actor, deal)) throw notOwnerToWin(deal);
      const check = checkWin(deal);
      if (!check.ok && check.reason === "already_won") return { deal, changed: false };
      refuseWin(deal, check);
      const wonDeal = await tx.deals.setStage(deal, won, { lostReason: null, closedAt: now, at: now });
      await tx.deals.recordStageChange({
        dealId: deal.id,
        fromStageId: deal.stage.id,
        toStageId: won.id,
        actorId: actor.userId,
        at: now,
      });
      await audit(tx, actor, "deal.won", "deal", deal.id, { stage: deal.stage.key }, { stage: won.key }, now);
      const channelId = deal.card?.channelId ?? actor.salesChannelId;
      await tx.effects.enqueue(actor.teamId, [
        { kind: "deal.handoff_requested", dealId: deal.id, userId: deal.ownerId, tokenName },
        ...(channelId
          ? [
              { kind: "deal.card" as const, dealId: deal.id, channelId },
              {
                kind: "deal.reply" as const,
                dealId: deal.id,
                channelId,
                actorId: actor.userId,
                change: { type: "won_awaiting_handoff" as const },
                ...(actor.via ? { via: actor.via.name } : {}),
              },
            ]
          : []),
        ...homeRefreshes(actor.userId, deal.ownerId),
      ]);
      return { deal: wonDeal, changed: true };
    });
    if (result.changed) this.deps.onEffectsQueued?.();
    return result.deal;
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
    assertKickoffGiven(input.kickoffDate);
    const name = storableText(input.name);
    if (!name) throw new AppError("project.name_required", { field: "name" });
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
    if (!template) throw new AppError("handoff.template_unknown", { field: "template" });
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
        tasks: planTasks(template.definition, input.kickoffDate, await this.holidaysOf(tx, actor.teamId)),
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
      await tx.webhooks.record(actor.teamId, projectEvent("project.created", created, now));
      return created;
    });
    if (!project) throw new AppError("project.create_in_progress", {});
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
            throw new AppError("task.waiting", {
              taskNumber: task.number,
              waitsOn: check.on.map((d) => ({ number: d.number, title: d.title })),
              attempted: "claim",
            });
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
      await tx.webhooks.record(actor.teamId, taskEvent("task.claimed", claimed, now));
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
          throw new AppError("task.waiting", {
            taskNumber: task.number,
            waitsOn: check.on.map((d) => ({ number: d.number, title: d.title })),
            attempted: "complete",
          });
        }
        throw this.notAllowed(task, project, "mark_done");
      }
      await tx.delivery.markDone(task.id, actor.userId, now);
      await audit(tx, actor, "task.done", "task", task.id, { done: false }, { done: true }, now);
      const dependents = await tx.delivery.dependents(task.id);
      const after = await this.projectIn(tx, actor.teamId, project.id);
      const done = after.tasks.find((t) => t.id === task.id) ?? task;
      await tx.webhooks.record(actor.teamId, taskEvent("task.completed", done, now));
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
        const completed = { ...after, status: "completed" as const, completedAt: now };
        await tx.webhooks.record(actor.teamId, projectEvent("project.completed", completed, now));
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
            throw new AppError("task.not_claimed", { taskNumber: task.number });
          case "same_person":
            return { kind: "already_claimed", task, by: task.assigneeId ?? toUserId ?? "" };
          default:
            throw this.notAllowed(task, project, toUserId === null ? "unclaim" : "reassign");
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
    if (!header) throw new AppError("project.gone", {});
    const channelId = header.thread?.channelId ?? actor.deliveryChannelId;
    const thread: SlackEffectIntent[] = channelId
      ? [
          ...taskIds.map((taskId) => ({ kind: "task.message" as const, projectId, taskId, channelId })),
          { kind: "project.parent", projectId, channelId },
        ]
      : [];
    await tx.effects.enqueue(actor.teamId, [...thread, ...homes]);
  }

  private notAllowed(task: Task, project: Project, action: "mark_done" | "unclaim" | "reassign"): AppError {
    return new AppError("task.not_allowed", {
      taskNumber: task.number,
      assigneeId: task.assigneeId,
      deliveryLeadId: project.deliveryLeadId,
      action,
    });
  }

  private async taskIn(tx: TransactionRepositories, teamId: string, id: string): Promise<Task> {
    const task = await tx.delivery.findTask(teamId, id);
    if (!task) throw new AppError("task.gone", {});
    return task;
  }

  private async lockTask(tx: TransactionRepositories, teamId: string, id: string): Promise<Task> {
    const task = await tx.delivery.lockTask(teamId, id);
    if (!task) throw new AppError("task.gone", {});
    return task;
  }

  private async projectIn(tx: TransactionRepositories, teamId: string, id: string): Promise<Project> {
    const project = await tx.delivery.findById(teamId, id);
    if (!project) throw new AppError("project.gone", {});
    return project;
  }
}

function audit(
  tx: TransactionRepositories,
  actor: DeliveryActor,
  action: string,
  entityType: string,
  entityId: string,
  before: unknown,
  after: unknown,
  at: Date,
): Promise<void> {
  return recordAudit(tx, actor, { action, entityType, entityId, before, after, at });
}

/** A handoff or a new project needs its kickoff day before anything else is checked. */
function assertKickoffGiven(kickoffDate: string | undefined): void {
  if (!kickoffDate || !isValidCalendarDate(kickoffDate))
    throw new AppError("handoff.kickoff_required", { field: "kickoff" });
}

function notOwnerToWin(deal: Deal): AppError {
  return new AppError("deal.not_owner", {
    number: deal.number,
    ownerId: deal.ownerId,
    awaitingOwner: deal.awaitingOwner,
    action: "win",
  });
}

/** Throws what checkWin found in the way of a win; an already-won deal is each caller's own case. */
function refuseWin(deal: Deal, check: WinCheck): void {
  if (check.ok || check.reason === "already_won") return;
  if (check.reason === "needs_owner") throw new AppError("deal.win_needs_owner", { number: deal.number });
  throw new AppError("deal.win_needs_details", {
    number: deal.number,
    missing: check.missing,
    when: "before_form",
  });
}

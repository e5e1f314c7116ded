import type { Project, ProjectStatus, Task, Template, TemplateDefinition } from "../domain/delivery.ts";
import type {
  DeliveryRepository,
  ListedTask,
  NewProjectRecord,
  ProjectHeader,
  TaskListFilter,
} from "../services/ports.ts";
import type { Db } from "./client.ts";
import { fromCalendarDate, isUuid, toCalendarDate } from "./deal-repository.ts";
import type { Prisma } from "./generated/prisma/client.ts";
import type { ProjectStatus as DbProjectStatus } from "./generated/prisma/enums.ts";

export const taskInclude = {
  dependsOn: { include: { dependsOn: { select: { id: true, number: true, title: true, status: true } } } },
} as const;
export const projectInclude = {
  deal: { select: { number: true, ownerId: true } },
  account: { select: { name: true } },
  tasks: { include: taskInclude, orderBy: { position: "asc" } },
} as const;

type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;
type ProjectRow = Prisma.ProjectGetPayload<{ include: typeof projectInclude }>;

const statusFromDb: Record<DbProjectStatus, ProjectStatus> = {
  ACTIVE: "active",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
};

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    number: row.number,
    projectId: row.projectId,
    phase: row.phase,
    position: row.position,
    title: row.title,
    ownerRole: row.ownerRole,
    dueDate: toCalendarDate(row.dueDate),
    assigneeId: row.assigneeId,
    done: row.status === "DONE",
    completedAt: row.completedAt,
    completedById: row.completedById,
    dependsOn: row.dependsOn
      .map(({ dependsOn: d }) => ({ id: d.id, number: d.number, title: d.title, done: d.status === "DONE" }))
      .sort((a, b) => a.number - b.number),
    messageTs: row.messageTs,
  };
}

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    dealId: row.dealId,
    dealNumber: row.deal?.number ?? null,
    accountName: row.account?.name ?? null,
    salesOwnerId: row.deal?.ownerId ?? null,
    deliveryLeadId: row.deliveryLeadId,
    kickoffDate: toCalendarDate(row.kickoffDate)!,
    status: statusFromDb[row.status],
    goals: row.goals,
    commitments: row.commitments,
    keyContacts: row.keyContacts,
    thread: row.channelId && row.threadTs ? { channelId: row.channelId, ts: row.threadTs } : null,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    tasks: row.tasks.map(toTask),
  };
}

export class PrismaDeliveryRepository implements DeliveryRepository {
  constructor(private readonly db: Db) {}

  async templates(
    teamId: string,
    defaults: readonly Omit<Template, "id" | "version">[],
  ): Promise<Template[]> {
    const read = () =>
      this.db.template.findMany({
        where: { workspaceId: teamId },
        orderBy: [{ isDefault: "desc" }, { name: "asc" }],
      });
    let rows = await read();
    if (rows.length === 0) {
      await this.db.template.createMany({
        data: defaults.map((t) => ({
          workspaceId: teamId,
          key: t.key,
          name: t.name,
          description: t.description,
          definition: t.definition as unknown as Prisma.InputJsonValue,
          isDefault: t.isDefault,
        })),
        skipDuplicates: true,
      });
      rows = await read();
    }
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      description: r.description,
      definition: r.definition as unknown as TemplateDefinition,
      version: r.version,
      isDefault: r.isDefault,
    }));
  }

  /** Reserves D/P/T numbers: one row update, so concurrent projects never share a number. */
  async allocateNumbers(teamId: string, tasks: number): Promise<{ project: number; firstTask: number }> {
    const rows = await this.db.$queryRaw<{ project: number; last_task: number }[]>`
      update workspace set last_project_number = last_project_number + 1, last_task_number = last_task_number + ${tasks}
      where id = ${teamId} returning last_project_number as project, last_task_number as last_task`;
    const row = rows[0];
    if (!row) throw new Error(`workspace ${teamId} does not exist`);
    return { project: row.project, firstTask: row.last_task - tasks + 1 };
  }

  async create(record: NewProjectRecord): Promise<Project> {
    const numbers = await this.allocateNumbers(record.teamId, record.tasks.length);
    const project = await this.db.project.create({
      data: {
        workspaceId: record.teamId,
        number: numbers.project,
        name: record.name,
        dealId: record.dealId,
        accountId: record.accountId,
        templateId: record.templateId,
        deliveryLeadId: record.deliveryLeadId,
        kickoffDate: fromCalendarDate(record.kickoffDate)!,
        goals: record.goals,
        commitments: record.commitments,
        keyContacts: record.keyContacts,
        createdById: record.createdById,
        createdAt: record.at,
      },
      select: { id: true },
    });
    await this.db.task.createMany({
      data: record.tasks.map((t, i) => ({
        workspaceId: record.teamId,
        number: numbers.firstTask + i,
        projectId: project.id,
        phase: t.phase,
        position: t.position,
        title: t.title,
        ownerRole: t.ownerRole,
        dueDate: fromCalendarDate(t.dueDate),
      })),
    });
    const created = await this.db.task.findMany({
      where: { projectId: project.id },
      select: { id: true, position: true },
    });
    const idOfKey = new Map(
      record.tasks.map((t) => [t.key, created.find((c) => c.position === t.position)!.id]),
    );
    const dependencies = record.tasks.flatMap((t) =>
      t.dependsOn.map((key) => ({ taskId: idOfKey.get(t.key)!, dependsOnId: idOfKey.get(key)! })),
    );
    if (dependencies.length > 0) await this.db.taskDependency.createMany({ data: dependencies });
    return (await this.findById(record.teamId, project.id))!;
  }

  async findById(teamId: string, id: string): Promise<Project | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.db.project.findFirst({
      where: { id, workspaceId: teamId },
      include: projectInclude,
    });
    return row ? toProject(row) : undefined;
  }

  async findHeader(teamId: string, id: string): Promise<ProjectHeader | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.db.project.findFirst({
      where: { id, workspaceId: teamId },
      select: { id: true, number: true, deliveryLeadId: true, status: true, channelId: true, threadTs: true },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      number: row.number,
      deliveryLeadId: row.deliveryLeadId,
      status: statusFromDb[row.status],
      thread: row.channelId && row.threadTs ? { channelId: row.channelId, ts: row.threadTs } : null,
    };
  }

  async findByNumber(teamId: string, number: number): Promise<Project | undefined> {
    const row = await this.db.project.findUnique({
      where: { workspaceId_number: { workspaceId: teamId, number } },
      include: projectInclude,
    });
    return row ? toProject(row) : undefined;
  }

  async findByDeal(dealId: string): Promise<Project | undefined> {
    const row = await this.db.project.findUnique({ where: { dealId }, include: projectInclude });
    return row ? toProject(row) : undefined;
  }

  async search(teamId: string, text: string, limit: number): Promise<Project[]> {
    const rows = await this.db.project.findMany({
      where: {
        workspaceId: teamId,
        OR: [
          { name: { contains: text, mode: "insensitive" } },
          { account: { name: { contains: text, mode: "insensitive" } } },
        ],
      },
      include: projectInclude,
      orderBy: [{ status: "asc" }, { createdAt: "desc" }],
      take: limit,
    });
    return rows.map(toProject);
  }

  async listActive(teamId: string, limit: number): Promise<Project[]> {
    const rows = await this.db.project.findMany({
      where: { workspaceId: teamId, status: "ACTIVE" },
      include: projectInclude,
      orderBy: { kickoffDate: "asc" },
      take: limit,
    });
    return rows.map(toProject);
  }

  async setThread(projectId: string, thread: { channelId: string; ts: string }): Promise<void> {
    await this.db.project.update({
      where: { id: projectId },
      data: { channelId: thread.channelId, threadTs: thread.ts },
    });
  }

  async markCompleted(projectId: string, at: Date): Promise<boolean> {
    const updated = await this.db.project.updateMany({
      where: { id: projectId, status: "ACTIVE" },
      data: { status: "COMPLETED", completedAt: at },
    });
    return updated.count === 1;
  }

  async findTask(teamId: string, id: string): Promise<Task | undefined> {
    // A tampered button or block id would make PostgreSQL reject the uuid (22P02): no such task.
    if (!isUuid(id)) return undefined;
    const row = await this.db.task.findFirst({ where: { id, workspaceId: teamId }, include: taskInclude });
    return row ? toTask(row) : undefined;
  }

  async lockTask(teamId: string, id: string): Promise<Task | undefined> {
    if (!isUuid(id)) return undefined;
    await this.db
      .$queryRaw`select id from task where id = ${id}::uuid and workspace_id = ${teamId} for update`;
    return this.findTask(teamId, id);
  }

  /** First come wins: the update only applies while nobody holds the task. */
  async claimIfFree(taskId: string, userId: string, at: Date): Promise<boolean> {
    const updated = await this.db.task.updateMany({
      where: { id: taskId, assigneeId: null, status: "OPEN" },
      data: { assigneeId: userId, claimedAt: at },
    });
    return updated.count === 1;
  }

  async setAssignee(taskId: string, userId: string | null, at: Date): Promise<void> {
    await this.db.task.update({
      where: { id: taskId },
      data: { assigneeId: userId, claimedAt: userId ? at : null },
    });
  }

  async markDone(taskId: string, userId: string, at: Date): Promise<boolean> {
    const updated = await this.db.task.updateMany({
      where: { id: taskId, status: "OPEN" },
      data: { status: "DONE", completedAt: at, completedById: userId },
    });
    return updated.count === 1;
  }

  async setTaskMessage(taskId: string, ts: string): Promise<void> {
    await this.db.task.update({ where: { id: taskId }, data: { messageTs: ts } });
  }

  /** Tasks that wait on this one: their messages change when it is done. */
  async dependents(taskId: string): Promise<string[]> {
    const rows = await this.db.taskDependency.findMany({
      where: { dependsOnId: taskId },
      select: { taskId: true },
    });
    return rows.map((r) => r.taskId);
  }

  async listTasks(
    teamId: string,
    filter: TaskListFilter,
    limit: number,
  ): Promise<{ tasks: ListedTask[]; total: number }> {
    const where: Prisma.TaskWhereInput = {
      workspaceId: teamId,
      status: "OPEN",
      project: { status: "ACTIVE" },
      ...(filter.kind === "assigned" ? { assigneeId: filter.userId } : {}),
      ...(filter.kind === "open_unclaimed"
        ? { assigneeId: null, dependsOn: { every: { dependsOn: { status: "DONE" } } } }
        : {}),
      ...(filter.kind === "overdue" ? { dueDate: { lt: fromCalendarDate(filter.today)! } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.task.findMany({
        where,
        include: { ...taskInclude, project: { select: { number: true, name: true } } },
        orderBy: [{ dueDate: "asc" }, { number: "asc" }],
        take: limit,
      }),
      this.db.task.count({ where }),
    ]);
    return {
      tasks: rows.map((r) => ({
        ...toTask(r),
        projectNumber: r.project.number,
        projectName: r.project.name,
      })),
      total,
    };
  }

  async dealNotes(dealId: string): Promise<Array<{ authorId: string; body: string; at: Date }>> {
    const rows = await this.db.dealNote.findMany({
      where: { dealId },
      orderBy: { createdAt: "desc" },
      take: 200,
    });
    return rows.map((r) => ({ authorId: r.authorId, body: r.body, at: r.createdAt }));
  }
}

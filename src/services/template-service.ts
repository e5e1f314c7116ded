import type { Actor } from "../domain/deal.ts";
import type { Template, TemplateDefinition } from "../domain/delivery.ts";
import { formatTemplateDefinition, parseTemplateDefinition } from "../domain/delivery-rules.ts";
import { SEEDED_TEMPLATES } from "../domain/onboarding-template.ts";
import { applyTemplateEdit, type TemplateEdit } from "../domain/template-edits.ts";
import { AppError, type TemplateFieldProblem } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import { recordAudit } from "./audit.ts";
import type { TemplateRepository, TransactionRepositories, UnitOfWork } from "./ports.ts";

export interface TemplateActor extends Actor {
  readonly teamId: string;
}

/** Which form field a refusal is about, so the modal shows it next to the field. */
export type TemplateField = "name" | "key" | "definition" | "default";

export interface TemplateInput {
  /** The template being edited; absent for a new one. */
  readonly id?: string;
  /** New templates only: the key is how a template is known for good. */
  readonly key?: string;
  readonly name: string;
  /**
   * The definition as JSON. An edit may leave it out (a definition too long for Slack's text
   * box can't be shown in the form): it stays as it is.
   */
  readonly definitionText?: string;
  readonly isDefault: boolean;
  /** The version the form was opened on: saving over someone else's newer save is refused. */
  readonly expectedVersion?: number;
}

/** The form's inputs hold values to these lengths too (views/templates.ts). */
const LIMITS = {
  name: 80,
  key: 48,
} as const;

const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Same seed as DeliveryService: whichever lists templates first creates the default. */

/**
 * Managing onboarding templates: admins list, create and edit them. A save
 * runs in one transaction with its audit entry; making a template the default takes the flag
 * off the others in that same transaction, and saves in one workspace are serialised so two
 * admins can't leave it with two defaults. Projects keep the tasks they were created with.
 */
export class TemplateService {
  constructor(
    private readonly deps: {
      templates: TemplateRepository;
      unitOfWork: UnitOfWork;
      clock: Clock;
      /** The workspace's admins, named when someone else asks. */
      adminIds?: (teamId: string) => Promise<readonly string[]>;
    },
  ) {}

  /** Every template of the workspace, the default first; seeds the default on first use. */
  list(teamId: string): Promise<Template[]> {
    return this.deps.templates.list(teamId, SEEDED_TEMPLATES);
  }

  /** Refuses anyone but an admin, saying who can. */
  async assertCanManage(actor: TemplateActor): Promise<void> {
    if (actor.role === "admin") return;
    const admins = await this.adminsOf(actor.teamId);
    throw new AppError("admin.required", { action: "manage_templates", admins });
  }

  /** One template, for an admin about to edit it. */
  async get(actor: TemplateActor, id: string): Promise<Template> {
    await this.assertCanManage(actor);
    await this.list(actor.teamId);
    const template = await this.deps.templates.findById(actor.teamId, id);
    if (!template) throw notFound();
    return template;
  }

  /** Creates (no id) or edits a template; an edit bumps its version. */
  async save(actor: TemplateActor, input: TemplateInput): Promise<Template> {
    await this.assertCanManage(actor);
    const isNew = input.id === undefined;
    const problems: Partial<Record<TemplateField, TemplateFieldProblem>> = {};
    const key = (input.key ?? "").trim();
    if (isNew) {
      if (key === "") problems.key = { kind: "required" };
      else if (!TEMPLATE_KEY.test(key)) problems.key = { kind: "bad_key", limit: LIMITS.key };
    }
    const name = input.name.replace(/\s+/g, " ").trim();
    if (name === "") problems.name = { kind: "required" };
    else if (name.length > LIMITS.name)
      problems.name = { kind: "too_long", limit: LIMITS.name, length: name.length };
    let definition: TemplateDefinition | undefined;
    if (isNew || input.definitionText !== undefined) {
      const parsed = parseTemplateDefinition(input.definitionText ?? "");
      if (parsed.ok) definition = parsed.definition;
      else problems.definition = { kind: "invalid_definition", problems: parsed.problems };
    }
    throwIfAny(problems);

    // Seed the default first: a workspace's own first template must not keep it from existing.
    await this.list(actor.teamId);
    const at = this.deps.clock.now();
    return this.deps.unitOfWork.run(async (tx) => {
      await tx.templates.lockWorkspace(actor.teamId);
      if (isNew) return this.create(tx, actor, { key, name, definition: definition!, input, at });
      return this.update(tx, actor, input.id!, { name, definition, input, at });
    });
  }

  /**
   * One change from the template overview (add, change or remove a task, add a phase), saved as
   * a new version like an edit of the whole definition: refused with the problems' paths.
   */
  async editDefinition(
    actor: TemplateActor,
    templateId: string,
    expectedVersion: number,
    edit: TemplateEdit,
  ): Promise<Template> {
    const template = await this.get(actor, templateId);
    const result = applyTemplateEdit(template.definition, edit);
    if (!result.ok) throwIfAny({ definition: { kind: "invalid_definition", problems: result.problems } });
    return this.save(actor, {
      id: template.id,
      name: template.name,
      isDefault: template.isDefault,
      expectedVersion,
      definitionText: formatTemplateDefinition(result.ok ? result.definition : template.definition),
    });
  }

  /**
   * A whole definition read from a file (Import JSON): saved as a new version of the template
   * like any edit, with the same version check and audit entry; refused with the problems' paths.
   */
  async replaceDefinition(
    actor: TemplateActor,
    templateId: string,
    expectedVersion: number,
    definitionText: string,
  ): Promise<Template> {
    const template = await this.get(actor, templateId);
    return this.save(actor, {
      id: template.id,
      name: template.name,
      isDefault: template.isDefault,
      expectedVersion,
      definitionText,
    });
  }

  private async create(
    tx: TransactionRepositories,
    actor: TemplateActor,
    values: { key: string; name: string; definition: TemplateDefinition; input: TemplateInput; at: Date },
  ): Promise<Template> {
    const taken = await tx.templates.findByKey(actor.teamId, values.key);
    const created = taken
      ? undefined
      : await tx.templates.create({
          teamId: actor.teamId,
          key: values.key,
          name: values.name,
          description: null,
          definition: values.definition,
          isDefault: values.input.isDefault,
          at: values.at,
        });
    if (!created) {
      throw new AppError("template.key_taken", {
        field: "key",
        key: values.key,
        takenBy: taken?.name ?? null,
      });
    }
    await record(tx, actor, "template.created", created.id, null, created, values.at);
    if (created.isDefault) await this.clearOtherDefaults(tx, actor, created.id, values.at);
    return created;
  }

  private async update(
    tx: TransactionRepositories,
    actor: TemplateActor,
    id: string,
    values: { name: string; definition: TemplateDefinition | undefined; input: TemplateInput; at: Date },
  ): Promise<Template> {
    const current = await tx.templates.findById(actor.teamId, id);
    if (!current) throw notFound();
    const { input } = values;
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new AppError("template.changed_since_opened", { field: "definition", version: current.version });
    }
    if (current.isDefault && !input.isDefault) {
      throw new AppError("template.default_required", { field: "default" });
    }
    const definition = values.definition ?? current.definition;
    const unchanged =
      values.name === current.name &&
      input.isDefault === current.isDefault &&
      formatTemplateDefinition(definition) === formatTemplateDefinition(current.definition);
    // Saving without a change is not a new version.
    if (unchanged) return current;
    const updated = await tx.templates.update(id, {
      name: values.name,
      definition,
      isDefault: input.isDefault,
      at: values.at,
    });
    await record(tx, actor, "template.updated", id, current, updated, values.at);
    if (updated.isDefault) await this.clearOtherDefaults(tx, actor, id, values.at);
    return updated;
  }

  /** The previous default loses its flag; that is a change of its own in the audit log. */
  private async clearOtherDefaults(
    tx: TransactionRepositories,
    actor: TemplateActor,
    id: string,
    at: Date,
  ): Promise<void> {
    for (const cleared of await tx.templates.clearDefaultExcept(actor.teamId, id)) {
      await record(tx, actor, "template.updated", cleared.id, { ...cleared, isDefault: true }, cleared, at);
    }
  }

  private async adminsOf(teamId: string): Promise<readonly string[]> {
    if (!this.deps.adminIds) return [];
    try {
      return await this.deps.adminIds(teamId);
    } catch {
      return []; // the refusal still says what to do
    }
  }
}

function notFound(): AppError {
  return new AppError("template.gone", {});
}

/** One refusal for every field that is wrong, so the form shows them all at once. */
function throwIfAny(problems: Partial<Record<TemplateField, TemplateFieldProblem>>): void {
  const first = (Object.keys(problems) as TemplateField[])[0];
  if (!first) return;
  throw new AppError("template.fields_invalid", { field: first, fields: problems });
}

function snapshot(template: Template) {
  return {
    key: template.key,
    name: template.name,
    version: template.version,
    isDefault: template.isDefault,
    definition: template.definition,
  };
}

async function record(
  tx: TransactionRepositories,
  actor: TemplateActor,
  action: "template.created" | "template.updated",
  id: string,
  before: Template | null,
  after: Template,
  at: Date,
): Promise<void> {
  const change = { before: before ? snapshot(before) : null, after: snapshot(after), at };
  return recordAudit(tx, actor, { action, entityType: "template", entityId: id, ...change });
}

import type { TemplateDefinition, TemplateTask } from "./delivery.ts";
import { checkTemplateDefinition, type TemplateDefinitionResult } from "./delivery-rules.ts";

/**
 * One change an admin makes from the template overview: a task added to a phase, a task changed
 * or removed (found by its key), a phase added at the end. Pure; the result is checked by the
 * same rules as a whole definition, so a problem comes with its path.
 */
export type TemplateEdit =
  | { readonly kind: "add_task"; readonly phase: number; readonly task: TemplateTask }
  | { readonly kind: "edit_task"; readonly key: string; readonly task: Omit<TemplateTask, "key"> }
  | { readonly kind: "remove_task"; readonly key: string }
  | { readonly kind: "add_phase"; readonly name: string; readonly task: TemplateTask };

export function applyTemplateEdit(
  definition: TemplateDefinition,
  edit: TemplateEdit,
): TemplateDefinitionResult {
  const phases = definition.phases.map((phase) => ({ ...phase, tasks: [...phase.tasks] }));
  switch (edit.kind) {
    case "add_task": {
      const phase = phases[edit.phase];
      if (!phase) return { ok: false, problems: [{ path: ["phases", edit.phase], kind: "missing" }] };
      phase.tasks.push(edit.task);
      break;
    }
    case "edit_task":
    case "remove_task": {
      const at = findTask(definition, edit.key);
      if (!at) return { ok: false, problems: [{ path: [], kind: "no_such_task", key: edit.key }] };
      const tasks = phases[at.phase]!.tasks;
      if (edit.kind === "remove_task") tasks.splice(at.task, 1);
      else tasks[at.task] = { key: edit.key, ...edit.task };
      break;
    }
    case "add_phase":
      phases.push({ name: edit.name, tasks: [edit.task] });
      break;
  }
  // A phase left without tasks goes with its last task.
  return checkTemplateDefinition({ phases: phases.filter((phase) => phase.tasks.length > 0) });
}

/** Where the task with this key is: phase and task index. */
export function findTask(
  definition: TemplateDefinition,
  key: string,
): { phase: number; task: number } | undefined {
  for (const [p, phase] of definition.phases.entries()) {
    const t = phase.tasks.findIndex((task) => task.key === key);
    if (t >= 0) return { phase: p, task: t };
  }
  return undefined;
}

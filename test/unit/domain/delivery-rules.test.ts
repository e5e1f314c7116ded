import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addBusinessDays, addDays, dayOfWeek, daysBetween } from "../../../src/domain/dates.ts";
import type { Actor } from "../../../src/domain/deal.ts";
import type {
  Task,
  TaskDependencyRef,
  TemplateDefinition,
  TemplateTask,
} from "../../../src/domain/delivery.ts";
import {
  canManageTask,
  checkClaim,
  checkComplete,
  checkReassign,
  checkTemplateDefinition,
  checkUnclaim,
  defaultKickoffDate,
  formatTemplateDefinition,
  isProjectComplete,
  overdue,
  parseTemplateDefinition,
  planTasks,
  progressBar,
  projectHealth,
  projectProgress,
  taskState,
  waitingOn,
  ZTemplateDefinition,
} from "../../../src/domain/delivery-rules.ts";
import { HOLIDAY_PRESETS } from "../../../src/domain/holiday-presets.ts";
import { templateProblemText } from "../../../src/slack/field-problems.ts";

/** Wednesday 2 Dec 2026. */
const TODAY = "2026-12-02";

function templateTask(key: string, overrides: Partial<TemplateTask> = {}): TemplateTask {
  return {
    key,
    title: `Task ${key}`,
    ownerRole: "consultant",
    dueOffsetDays: 0,
    dependsOn: [],
    ...overrides,
  };
}

function definitionOf(...phases: (readonly TemplateTask[])[]): TemplateDefinition {
  return { phases: phases.map((tasks, i) => ({ name: `Phase ${i + 1}`, tasks })) };
}

/** The problems as the template form words them, one line each. */
function errorsOf(value: unknown): readonly string[] {
  const result = parseTemplateDefinition(typeof value === "string" ? value : JSON.stringify(value));
  if (result.ok) throw new Error("expected errors");
  return result.problems.map(templateProblemText);
}

function dependency(number: number, done: boolean): TaskDependencyRef {
  return { id: `task-${number}`, number, title: `Task ${number}`, done };
}

function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: "task-10",
    number: 10,
    projectId: "project-1",
    phase: "Setup",
    position: 1,
    title: "Validate data",
    ownerRole: "consultant",
    dueDate: "2026-12-10",
    assigneeId: null,
    done: false,
    completedAt: null,
    completedById: null,
    dependsOn: [],
    messageTs: null,
    ...overrides,
  };
}

const MEMBER: Actor = { userId: "U0MEMBER", role: "member" };
const ASSIGNEE: Actor = { userId: "U0ANA", role: "member" };
const LEAD: Actor = { userId: "U0LEAD", role: "member" };
const MANAGER: Actor = { userId: "U0BOSS", role: "manager" };
const ADMIN: Actor = { userId: "U0ROOT", role: "admin" };
const PROJECT = { deliveryLeadId: LEAD.userId };

const OPEN_DEPENDENCY = dependency(7, false);
const DONE_DEPENDENCY = dependency(6, true);

// ---------------------------------------------------------------------------------------------

describe("ZTemplateDefinition and parseTemplateDefinition", () => {
  const valid = definitionOf(
    [templateTask("a"), templateTask("b", { dependsOn: ["a"] })],
    [templateTask("c", { dependsOn: ["a", "b"], dueOffsetDays: 3 })],
  );

  it("reads a file saved with a byte order mark (as some editors do) like one without", () => {
    const text = JSON.stringify(valid, null, 2);
    expect(parseTemplateDefinition(`\uFEFF${text}`)).toEqual({ ok: true, definition: valid });
  });

  it("accepts a valid definition and reads dependsOn as optional", () => {
    expect(parseTemplateDefinition(JSON.stringify(valid))).toEqual({ ok: true, definition: valid });
    const withoutDependencies = {
      phases: [{ name: "P", tasks: [{ key: "a", title: "A", ownerRole: "x", dueOffsetDays: 1 }] }],
    };
    const result = parseTemplateDefinition(JSON.stringify(withoutDependencies));
    expect(result.ok && result.definition.phases[0]!.tasks[0]!.dependsOn).toEqual([]);
  });

  it("trims names, titles and roles", () => {
    const padded = definitionOf([templateTask("a", { title: "  Call  ", ownerRole: " sales " })]);
    const result = checkTemplateDefinition(padded);
    expect(result.ok && result.definition.phases[0]!.tasks[0]).toMatchObject({
      title: "Call",
      ownerRole: "sales",
    });
  });

  it("explains a JSON syntax error with its line", () => {
    const trailingComma = '{\n  "phases": [\n    {"name": "A", "tasks": [],}\n  ]\n}';
    expect(errorsOf(trailingComma)).toEqual([
      expect.stringMatching(/^Line 3, column 31: remove the comma before this }/),
    ]);
    const missingColon = '{\n  "phases": [\n    {"name" "A"}\n  ]\n}';
    expect(errorsOf(missingColon)).toEqual([expect.stringMatching(/^Line 3, column \d+: Expected ':'/)]);
    expect(errorsOf('{\n  "phases": [\n')).toEqual([
      expect.stringMatching(/^Line 3: the JSON ends too early/),
    ]);
    // Node 20 gives no position for an unexpected token: the parser's message stands alone.
    expect(errorsOf('{"phases": }')).toEqual([
      expect.stringMatching(/^(Not valid JSON|Line 1, column 12): Unexpected token '}'/),
    ]);
    expect(errorsOf("  ")).toEqual([expect.stringMatching(/^Paste the template as JSON/)]);
  });

  it("wants an object with phases", () => {
    expect(errorsOf("[]")).toEqual([expect.stringMatching(/^The template must be a JSON object/)]);
    expect(errorsOf("null")).toEqual([expect.stringMatching(/^The template must be a JSON object/)]);
    expect(errorsOf({})).toEqual(["phases: is missing"]);
    expect(errorsOf({ phases: "x" })).toEqual(["phases: must be a list of phases"]);
    expect(errorsOf({ phases: [] })).toEqual(["phases: needs at least one phase"]);
    expect(errorsOf({ ...valid, extra: 1 })).toEqual(['The template has unknown field "extra"']);
  });

  it("returns typed problems: each with its path, its kind and the data to word it", () => {
    expect(parseTemplateDefinition(JSON.stringify({ phasez: [] }))).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        { path: [], kind: "unknown_fields", keys: ["phasez"] },
        { path: ["phases"], kind: "missing" },
      ]),
    });
    const duplicate = definitionOf([templateTask("a")], [templateTask("b"), templateTask("a")]);
    expect(checkTemplateDefinition(duplicate)).toEqual({
      ok: false,
      problems: [
        {
          path: ["phases", 1, "tasks", 1, "key"],
          kind: "duplicate_key",
          key: "a",
          firstAt: ["phases", 0, "tasks", 0],
        },
      ],
    });
  });

  it("reports a duplicate key where it is repeated", () => {
    const duplicate = definitionOf([templateTask("a")], [templateTask("b"), templateTask("a")]);
    expect(errorsOf(duplicate)).toEqual([
      'phases[1].tasks[1].key: "a" is already the key of phases[0].tasks[0]',
    ]);
  });

  it("refuses a dependency on a later task, so there can be no cycle", () => {
    const forward = definitionOf(
      [templateTask("schedule-kickoff")],
      [templateTask("stakeholder-map", { dependsOn: ["kickoff-meeting"] }), templateTask("kickoff-meeting")],
    );
    expect(errorsOf(forward)).toEqual([
      expect.stringMatching(/^phases\[1\]\.tasks\[0\]\.dependsOn: "kickoff-meeting" is not an earlier task/),
    ]);
    const cycle = definitionOf([
      templateTask("a", { dependsOn: ["b"] }),
      templateTask("b", { dependsOn: ["a"] }),
    ]);
    expect(errorsOf(cycle)).toEqual([
      expect.stringMatching(/^phases\[0\]\.tasks\[0\]\.dependsOn: "b" is not an earlier/),
    ]);
    const self = definitionOf([templateTask("a", { dependsOn: ["a"] })]);
    expect(errorsOf(self)).toEqual(['phases[0].tasks[0].dependsOn: "a" is this task itself']);
  });

  it("refuses an unknown or repeated dependency", () => {
    const unknown = definitionOf([templateTask("a"), templateTask("b", { dependsOn: ["a", "nope"] })]);
    expect(errorsOf(unknown)).toEqual([
      'phases[0].tasks[1].dependsOn: "nope" is not a task of this template',
    ]);
    const twice = definitionOf([templateTask("a"), templateTask("b", { dependsOn: ["a", "a"] })]);
    expect(errorsOf(twice)).toEqual(['phases[0].tasks[1].dependsOn: "a" is listed twice']);
  });

  it("allows 200 tasks in all, not 201", () => {
    const phases = (count: number) =>
      Array.from({ length: Math.ceil(count / 50) }, (_, p) =>
        Array.from({ length: Math.min(50, count - p * 50) }, (_, t) => templateTask(`t-${p}-${t}`)),
      );
    expect(checkTemplateDefinition(definitionOf(...phases(200))).ok).toBe(true);
    expect(errorsOf(definitionOf(...phases(201)))).toEqual([
      "phases: has 201 tasks in all; a template can have at most 200",
    ]);
  });

  it("limits phases, tasks per phase and dependencies per task", () => {
    const twentyOne = Array.from({ length: 21 }, (_, i) => [templateTask(`k${i}`)]);
    expect(errorsOf(definitionOf(...twentyOne))).toEqual(["phases: can have at most 20 phases"]);
    expect(checkTemplateDefinition(definitionOf(...twentyOne.slice(0, 20))).ok).toBe(true);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => templateTask(`k${i}`));
    expect(errorsOf(definitionOf(fiftyOne))).toEqual(["phases[0].tasks: can have at most 50 tasks"]);
    expect(errorsOf(definitionOf([]))).toEqual(["phases[0].tasks: needs at least one task"]);
    const keys = Array.from({ length: 11 }, (_, i) => `d${i}`);
    const many = definitionOf([
      ...keys.map((key) => templateTask(key)),
      templateTask("z", { dependsOn: keys }),
    ]);
    expect(errorsOf(many)).toEqual(["phases[0].tasks[11].dependsOn: can name at most 10 tasks"]);
    const ten = definitionOf([
      ...keys.map((key) => templateTask(key)),
      templateTask("z", { dependsOn: keys.slice(1) }),
    ]);
    expect(checkTemplateDefinition(ten).ok).toBe(true);
  });

  it("wants a whole number of days within range", () => {
    expect(errorsOf(definitionOf([templateTask("a", { dueOffsetDays: 1.5 })]))).toEqual([
      "phases[0].tasks[0].dueOffsetDays: must be a whole number of days",
    ]);
    const noOffset = { phases: [{ name: "P", tasks: [{ key: "a", title: "A", ownerRole: "x" }] }] };
    expect(errorsOf(noOffset)).toEqual(["phases[0].tasks[0].dueOffsetDays: is missing"]);
    for (const ok of [-365, 730]) {
      expect(checkTemplateDefinition(definitionOf([templateTask("a", { dueOffsetDays: ok })])).ok).toBe(true);
    }
    for (const bad of [-366, 731]) {
      expect(errorsOf(definitionOf([templateTask("a", { dueOffsetDays: bad })]))).toEqual([
        "phases[0].tasks[0].dueOffsetDays: must be between -365 and 730 days",
      ]);
    }
  });

  it("checks keys, titles, roles and names", () => {
    for (const key of ["a", "30-day-check-in", "x".repeat(48)]) {
      expect(checkTemplateDefinition(definitionOf([templateTask(key)])).ok).toBe(true);
    }
    for (const key of ["", "-a", "Kickoff", "kick off", "x".repeat(49)]) {
      expect(errorsOf(definitionOf([templateTask(key)]))).toEqual([
        expect.stringMatching(/^phases\[0\]\.tasks\[0\]\.key: ".*" is not a valid key/),
      ]);
    }
    expect(checkTemplateDefinition(definitionOf([templateTask("a", { title: "t".repeat(150) })])).ok).toBe(
      true,
    );
    expect(errorsOf(definitionOf([templateTask("a", { title: "t".repeat(151) })]))).toEqual([
      "phases[0].tasks[0].title: must be at most 150 characters",
    ]);
    expect(errorsOf(definitionOf([templateTask("a", { title: "   " })]))).toEqual([
      "phases[0].tasks[0].title: must not be empty",
    ]);
    expect(errorsOf(definitionOf([templateTask("a", { ownerRole: "r".repeat(41) })]))).toEqual([
      "phases[0].tasks[0].ownerRole: must be at most 40 characters",
    ]);
    expect(errorsOf({ phases: [{ name: "n".repeat(81), tasks: [templateTask("a")] }] })).toEqual([
      "phases[0].name: must be at most 80 characters",
    ]);
    expect(
      errorsOf({ phases: [{ name: "P", tasks: [{ ...templateTask("a"), dependson: ["b"] }] }] }),
    ).toEqual(['phases[0].tasks[0]: unknown field "dependson"']);
  });

  it("lists every problem, up to a limit", () => {
    const bad = definitionOf(Array.from({ length: 30 }, (_, i) => templateTask(`k${i}`, { title: "" })));
    const errors = errorsOf(bad);
    expect(errors).toHaveLength(16);
    expect(errors.at(-1)).toBe("…and 15 more problems");
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const result = parseTemplateDefinition(text);
          expect(result.ok || result.problems.length > 0).toBe(true);
        },
      ),
    );
  });

  it("never throws on near-templates either", () => {
    const nearTask = fc.record(
      {
        key: fc.oneof(fc.constantFrom("a", "b", "c"), fc.string()),
        title: fc.oneof(fc.string(), fc.integer()),
        ownerRole: fc.string(),
        dueOffsetDays: fc.oneof(fc.integer(), fc.double()),
        dependsOn: fc.array(fc.oneof(fc.constantFrom("a", "b", "c"), fc.anything())),
      },
      { requiredKeys: [] },
    );
    const near = fc.record({ phases: fc.array(fc.record({ name: fc.string(), tasks: fc.array(nearTask) })) });
    fc.assert(
      fc.property(near, (value) => {
        const result = parseTemplateDefinition(JSON.stringify(value));
        expect(result.ok || result.problems.every((p) => typeof templateProblemText(p) === "string")).toBe(
          true,
        );
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** Valid definitions: unique keys, dependencies drawn from the tasks above. */
const validDefinition = fc
  .array(
    fc.array(
      fc.record({
        title: fc.string({ minLength: 1, maxLength: 150 }).filter((s) => s.trim() === s && s !== ""),
        ownerRole: fc.constantFrom("sales", "consultant", "delivery lead"),
        dueOffsetDays: fc.integer({ min: -365, max: 730 }),
        picks: fc.uniqueArray(fc.nat(), { maxLength: 10 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((phases): TemplateDefinition => {
    let index = 0;
    return {
      phases: phases.map((tasks, p) => ({
        name: `Phase ${p + 1}`,
        tasks: tasks.map(({ picks, ...task }) => {
          const here = index++;
          const dependsOn = here === 0 ? [] : [...new Set(picks.map((pick) => `task-${pick % here}`))];
          return { key: `task-${here}`, ...task, dependsOn };
        }),
      })),
    };
  });

describe("formatTemplateDefinition", () => {
  it("round-trips every valid definition", () => {
    fc.assert(
      fc.property(validDefinition, (definition) => {
        expect(ZTemplateDefinition.safeParse(definition).success).toBe(true);
        expect(parseTemplateDefinition(formatTemplateDefinition(definition))).toEqual({
          ok: true,
          definition,
        });
      }),
    );
  });

  it("writes one task per line", () => {
    const text = formatTemplateDefinition(
      definitionOf([templateTask("a"), templateTask("b", { dependsOn: ["a"] })]),
    );
    expect(text.split("\n").filter((line) => line.includes('"key"'))).toEqual([
      '        { "key": "a", "title": "Task a", "ownerRole": "consultant", "dueOffsetDays": 0, "dependsOn": [] },',
      '        { "key": "b", "title": "Task b", "ownerRole": "consultant", "dueOffsetDays": 0, "dependsOn": ["a"] }',
    ]);
  });
});

describe("planTasks", () => {
  it("numbers tasks in template order and keeps phases and dependencies", () => {
    const definition = definitionOf(
      [templateTask("a", { title: "A", ownerRole: "sales" }), templateTask("b", { dependsOn: ["a"] })],
      [templateTask("c", { dependsOn: ["a", "b"] })],
    );
    expect(planTasks(definition, TODAY)).toEqual([
      {
        key: "a",
        phase: "Phase 1",
        position: 1,
        title: "A",
        ownerRole: "sales",
        dueDate: TODAY,
        dependsOn: [],
      },
      {
        key: "b",
        phase: "Phase 1",
        position: 2,
        title: "Task b",
        ownerRole: "consultant",
        dueDate: TODAY,
        dependsOn: ["a"],
      },
      {
        key: "c",
        phase: "Phase 2",
        position: 3,
        title: "Task c",
        ownerRole: "consultant",
        dueDate: TODAY,
        dependsOn: ["a", "b"],
      },
    ]);
  });

  it.each([
    ["2026-12-02", 0, "2026-12-02"],
    ["2026-12-02", 2, "2026-12-04"],
    ["2026-12-02", 3, "2026-12-07"], // Saturday → Monday
    ["2026-12-02", 4, "2026-12-07"], // Sunday → Monday
    ["2026-12-02", 5, "2026-12-07"],
    ["2026-12-02", -1, "2026-12-01"],
    ["2026-12-02", -3, "2026-11-30"], // Sunday before → Monday
    ["2026-12-04", 1, "2026-12-07"], // Friday kickoff + 1 → Monday
    ["2026-12-04", 0, "2026-12-04"],
    ["2026-12-07", -1, "2026-12-07"], // Sunday before a Monday kickoff → kickoff day
    ["2026-12-28", 5, "2027-01-04"], // across the year, Saturday → Monday
  ])("kickoff %s + %i days is due %s", (kickoff, offset, due) => {
    const [task] = planTasks(definitionOf([templateTask("a", { dueOffsetDays: offset })]), kickoff);
    expect(task!.dueDate).toBe(due);
  });

  it("keeps order and count for any valid definition, due on a weekday at most two days late", () => {
    fc.assert(
      fc.property(validDefinition, fc.integer({ min: 0, max: 3000 }), (definition, shift) => {
        const kickoff = addDays("2025-01-01", shift);
        const templateTasks = definition.phases.flatMap((phase) => phase.tasks);
        const planned = planTasks(definition, kickoff);
        expect(planned.map((task) => task.key)).toEqual(templateTasks.map((task) => task.key));
        expect(planned.map((task) => task.position)).toEqual(templateTasks.map((_, i) => i + 1));
        planned.forEach((task, i) => {
          const late = daysBetween(addDays(kickoff, templateTasks[i]!.dueOffsetDays), task.dueDate);
          expect(late).toBeGreaterThanOrEqual(0);
          expect(late).toBeLessThanOrEqual(2);
          expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(task.dueDate));
          expect(task.dependsOn).toEqual(templateTasks[i]!.dependsOn);
        });
      }),
    );
  });
});

describe("defaultKickoffDate", () => {
  it.each([
    ["2026-12-02", "2026-12-09"], // Wednesday → next Wednesday
    ["2026-12-04", "2026-12-11"], // Friday → next Friday
    ["2026-12-05", "2026-12-11"], // Saturday: counting starts Monday
    ["2026-12-06", "2026-12-11"],
  ])("from %s is %s", (today, kickoff) => {
    expect(defaultKickoffDate(today)).toBe(kickoff);
  });
});

// ---------------------------------------------------------------------------------------------

describe("taskState and waitingOn", () => {
  it.each([
    ["done", { done: true, dependsOn: [OPEN_DEPENDENCY], assigneeId: "U0ANA" }],
    ["waiting", { dependsOn: [DONE_DEPENDENCY, OPEN_DEPENDENCY] }],
    ["waiting", { dependsOn: [OPEN_DEPENDENCY], assigneeId: "U0ANA" }],
    ["claimed", { dependsOn: [DONE_DEPENDENCY], assigneeId: "U0ANA" }],
    ["ready", { dependsOn: [DONE_DEPENDENCY] }],
    ["ready", {}],
  ] as const)("is %s for %j", (state, overrides) => {
    expect(taskState(makeTask(overrides))).toBe(state);
  });

  it("lists only the open dependencies", () => {
    expect(waitingOn(makeTask({ dependsOn: [DONE_DEPENDENCY, OPEN_DEPENDENCY] }))).toEqual([OPEN_DEPENDENCY]);
    expect(waitingOn(makeTask({ dependsOn: [DONE_DEPENDENCY] }))).toEqual([]);
  });
});

describe("checkClaim", () => {
  it("lets anyone claim a ready task", () => {
    expect(checkClaim(makeTask({ dependsOn: [DONE_DEPENDENCY] }), MEMBER.userId)).toEqual({ ok: true });
  });

  it("refuses a done task", () => {
    expect(checkClaim(makeTask({ done: true }), MEMBER.userId)).toEqual({ ok: false, reason: "done" });
  });

  it("says who has it when someone else does", () => {
    expect(checkClaim(makeTask({ assigneeId: ASSIGNEE.userId }), MEMBER.userId)).toEqual({
      ok: false,
      reason: "already_claimed",
      by: ASSIGNEE.userId,
    });
  });

  it("says it's already yours", () => {
    expect(checkClaim(makeTask({ assigneeId: ASSIGNEE.userId }), ASSIGNEE.userId)).toEqual({
      ok: false,
      reason: "already_yours",
    });
  });

  it("refuses a waiting task, naming what it waits on", () => {
    expect(checkClaim(makeTask({ dependsOn: [DONE_DEPENDENCY, OPEN_DEPENDENCY] }), MEMBER.userId)).toEqual({
      ok: false,
      reason: "waiting",
      on: [OPEN_DEPENDENCY],
    });
  });
});

describe("canManageTask", () => {
  const claimed = makeTask({ assigneeId: ASSIGNEE.userId });

  it.each([
    [ASSIGNEE, true],
    [LEAD, true],
    [MANAGER, true],
    [ADMIN, true],
    [MEMBER, false],
  ])("%j may manage: %s", (actor, allowed) => {
    expect(canManageTask(actor, claimed, PROJECT)).toBe(allowed);
  });

  it("doesn't match a null lead or assignee", () => {
    expect(canManageTask(MEMBER, makeTask(), { deliveryLeadId: null })).toBe(false);
    expect(canManageTask(LEAD, claimed, { deliveryLeadId: null })).toBe(false);
  });
});

describe("checkComplete", () => {
  const claimed = makeTask({ assigneeId: ASSIGNEE.userId, dependsOn: [DONE_DEPENDENCY] });

  it("lets the assignee, the lead, managers and admins complete it", () => {
    for (const actor of [ASSIGNEE, LEAD, MANAGER, ADMIN]) {
      expect(checkComplete(actor, claimed, PROJECT)).toEqual({ ok: true });
    }
  });

  it("lets a lead or manager complete an unclaimed task", () => {
    expect(checkComplete(LEAD, makeTask(), PROJECT)).toEqual({ ok: true });
    expect(checkComplete(MANAGER, makeTask(), PROJECT)).toEqual({ ok: true });
  });

  it("forbids anyone else", () => {
    expect(checkComplete(MEMBER, claimed, PROJECT)).toEqual({ ok: false, reason: "forbidden" });
    expect(checkComplete(MEMBER, makeTask(), PROJECT)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("says a done task is already done", () => {
    expect(checkComplete(ASSIGNEE, makeTask({ done: true, assigneeId: ASSIGNEE.userId }), PROJECT)).toEqual({
      ok: false,
      reason: "already_done",
    });
  });

  it("refuses while dependencies are open", () => {
    const waiting = makeTask({ assigneeId: ASSIGNEE.userId, dependsOn: [OPEN_DEPENDENCY, DONE_DEPENDENCY] });
    expect(checkComplete(ADMIN, waiting, PROJECT)).toEqual({
      ok: false,
      reason: "waiting",
      on: [OPEN_DEPENDENCY],
    });
  });
});

describe("checkUnclaim", () => {
  const claimed = makeTask({ assigneeId: ASSIGNEE.userId });

  it("lets the assignee, the lead, managers and admins unclaim", () => {
    for (const actor of [ASSIGNEE, LEAD, MANAGER, ADMIN]) {
      expect(checkUnclaim(actor, claimed, PROJECT)).toEqual({ ok: true });
    }
  });

  it.each([
    ["forbidden", MEMBER, claimed],
    ["not_claimed", ADMIN, makeTask()],
    ["done", ASSIGNEE, makeTask({ assigneeId: ASSIGNEE.userId, done: true })],
  ] as const)("refuses with %s", (reason, actor, task) => {
    expect(checkUnclaim(actor, task, PROJECT)).toEqual({ ok: false, reason });
  });
});

describe("checkReassign", () => {
  const claimed = makeTask({ assigneeId: ASSIGNEE.userId });

  it("lets the assignee, the lead, managers and admins hand it to someone else", () => {
    for (const actor of [ASSIGNEE, LEAD, MANAGER, ADMIN]) {
      expect(checkReassign(actor, claimed, PROJECT, MEMBER.userId)).toEqual({ ok: true });
    }
  });

  it("lets a lead assign an unclaimed task, even a waiting one", () => {
    expect(checkReassign(LEAD, makeTask({ dependsOn: [OPEN_DEPENDENCY] }), PROJECT, MEMBER.userId)).toEqual({
      ok: true,
    });
  });

  it.each([
    ["forbidden", MEMBER, claimed, "U0OTHER"],
    ["forbidden", MEMBER, makeTask(), MEMBER.userId],
    ["same_person", LEAD, claimed, ASSIGNEE.userId],
    ["done", ADMIN, makeTask({ assigneeId: ASSIGNEE.userId, done: true }), MEMBER.userId],
  ] as const)("refuses with %s", (reason, actor, task, to) => {
    expect(checkReassign(actor, task, PROJECT, to)).toEqual({ ok: false, reason });
  });
});

// ---------------------------------------------------------------------------------------------

function dueIn(days: number, overrides: Partial<Task> = {}): Task {
  return makeTask({ dueDate: addDays(TODAY, days), ...overrides });
}

describe("projectProgress and isProjectComplete", () => {
  it("counts done tasks", () => {
    expect(projectProgress([makeTask({ done: true }), makeTask(), makeTask({ done: true })])).toEqual({
      done: 2,
      total: 3,
    });
    expect(projectProgress([])).toEqual({ done: 0, total: 0 });
  });

  it("is complete when every task is done, and there is one", () => {
    expect(isProjectComplete([makeTask({ done: true }), makeTask({ done: true })])).toBe(true);
    expect(isProjectComplete([makeTask({ done: true }), makeTask()])).toBe(false);
    expect(isProjectComplete([])).toBe(false);
  });
});

describe("projectHealth", () => {
  const claimed = { assigneeId: ASSIGNEE.userId };

  it.each([
    ["late", [dueIn(-1, claimed)]],
    ["late", [dueIn(-1, claimed), dueIn(0)]],
    ["on_track", [dueIn(-1, { ...claimed, done: true })]],
    ["on_track", [dueIn(0, claimed)]],
    ["at_risk", [dueIn(0)]],
    ["at_risk", [dueIn(2)]],
    ["on_track", [dueIn(3)]],
    ["at_risk", [dueIn(2, { ...claimed, dependsOn: [OPEN_DEPENDENCY] })]],
    ["on_track", [dueIn(3, { ...claimed, dependsOn: [OPEN_DEPENDENCY] })]],
    ["on_track", [dueIn(1, { done: true })]],
    ["on_track", [makeTask({ dueDate: null })]],
    ["on_track", []],
  ] as const)("is %s", (health, tasks) => {
    expect(projectHealth(tasks, TODAY)).toBe(health);
  });
});

describe("progressBar", () => {
  it.each([
    [3, 10, 10, "▰▰▰▱▱▱▱▱▱▱"],
    [0, 17, 10, "▱▱▱▱▱▱▱▱▱▱"],
    [17, 17, 10, "▰▰▰▰▰▰▰▰▰▰"],
    [1, 30, 10, "▰▱▱▱▱▱▱▱▱▱"], // some progress always shows
    [29, 30, 10, "▰▰▰▰▰▰▰▰▰▱"], // unfinished never looks finished
    [9, 17, 10, "▰▰▰▰▰▱▱▱▱▱"],
    [2, 4, 4, "▰▰▱▱"],
    [0, 0, 10, "▱▱▱▱▱▱▱▱▱▱"],
    [20, 10, 5, "▰▰▰▰▰"],
    [-1, 10, 5, "▱▱▱▱▱"],
    [1, 2, 0, ""],
  ])("%i of %i in %i cells is %s", (done, total, width, bar) => {
    expect(progressBar(done, total, width)).toBe(bar);
  });

  it("is ten cells by default", () => {
    expect(progressBar(5, 10)).toBe("▰▰▰▰▰▱▱▱▱▱");
  });
});

describe("overdue", () => {
  const tasks = [
    dueIn(2, { id: "in-2" }),
    dueIn(-1, { id: "yesterday" }),
    dueIn(0, { id: "today" }),
    dueIn(3, { id: "in-3" }),
    dueIn(1, { id: "claimed", assigneeId: ASSIGNEE.userId }),
    dueIn(1, { id: "done", done: true }),
    dueIn(-5, { id: "done-late", done: true }),
    dueIn(1, { id: "waiting", dependsOn: [OPEN_DEPENDENCY] }),
    dueIn(-3, { id: "late-claimed", assigneeId: ASSIGNEE.userId }),
    makeTask({ id: "undated", dueDate: null }),
  ];

  it("finds open tasks due before today, oldest first", () => {
    expect(overdue(tasks, TODAY).map((task) => task.id)).toEqual(["late-claimed", "yesterday"]);
  });
});

describe("planTasks with a holiday calendar", () => {
  it("moves a due date off a holiday to the next working day; without holidays only weekends move", () => {
    const us = new Set<string>(HOLIDAY_PRESETS.US.dates);
    const definition = definitionOf([
      templateTask("christmas", { dueOffsetDays: 3 }),
      templateTask("new-year", { dueOffsetDays: 10 }),
      templateTask("plain", { dueOffsetDays: 4 }),
    ]);
    // Kickoff Tue 22 Dec 2026: +3 is Fri 25 Dec, +10 is Fri 1 Jan 2027, +4 is Sat 26 Dec.
    const due = planTasks(definition, "2026-12-22", us).map((t) => t.dueDate);
    expect(due).toEqual(["2026-12-28", "2027-01-04", "2026-12-28"]);
    expect(planTasks(definition, "2026-12-22").map((t) => t.dueDate)).toEqual([
      "2026-12-25",
      "2027-01-01",
      "2026-12-28",
    ]);
  });

  it("counts the default kickoff's working days around holidays", () => {
    const us = new Set<string>(HOLIDAY_PRESETS.US.dates);
    // From Mon 21 Dec 2026, five working days: 22, 23, 24, (25 off), 28, 29.
    expect(defaultKickoffDate("2026-12-21", us)).toBe("2026-12-29");
    expect(defaultKickoffDate("2026-12-21")).toBe("2026-12-28");
    expect(addBusinessDays("2027-01-04", -1, us)).toBe("2026-12-31");
  });
});

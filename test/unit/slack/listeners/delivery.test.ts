import { describe, expect, it, vi } from "vitest";
import { AppError } from "../../../../src/lib/app-error.ts";
import { DeliveryView, HandoffField, InputActionId, TaskAction } from "../../../../src/slack/ids.ts";
import { taskClaimClicked } from "../../../../src/slack/listeners/delivery/actions/task-claim-clicked.ts";
import { taskDoneClicked } from "../../../../src/slack/listeners/delivery/actions/task-done-clicked.ts";
import { tasksCommand } from "../../../../src/slack/listeners/delivery/commands/tasks.ts";
import { newProjectSubmitted } from "../../../../src/slack/listeners/delivery/views/new-project-submitted.ts";
import { makeTask } from "../views/delivery-fixtures.ts";
import { ANA, call, fakeButton, fakeCommand, fakeDeps, fakeSubmission } from "./fake-args.ts";

describe("/tasks (command)", () => {
  it("`/tasks overdue` lists what is late, privately, in the ack", async () => {
    const delivery = { listTasks: vi.fn(async () => ({ tasks: [] })) };
    const args = fakeCommand("/tasks", "Overdue");
    await call(tasksCommand(fakeDeps({ delivery })), args);
    expect(delivery.listTasks).toHaveBeenCalledWith(ANA.teamId, { kind: "overdue", today: "2026-12-02" });
    expect(args.ack).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: "ephemeral", text: "Nothing is overdue." }),
    );
  });

  it("an unknown word gets the command's help and asks no service", async () => {
    const delivery = { listTasks: vi.fn() };
    const args = fakeCommand("/tasks", "later");
    await call(tasksCommand(fakeDeps({ delivery })), args);
    expect(delivery.listTasks).not.toHaveBeenCalled();
    expect(args.ack).toHaveBeenCalledWith(
      expect.objectContaining({ text: expect.stringContaining("`/tasks open` the ones nobody has claimed") }),
    );
  });
});

describe("Claim (action)", () => {
  it("claims the task the button names and redraws the private list in place", async () => {
    const task = makeTask();
    const delivery = {
      claim: vi.fn(async () => ({ kind: "claimed", task })),
      listTasks: vi.fn(async () => ({ tasks: [] })),
    };
    const args = fakeButton(TaskAction.Claim, task.id);
    await call(taskClaimClicked(fakeDeps({ delivery })), args);
    expect(args.ack).toHaveBeenCalledWith();
    expect(delivery.claim).toHaveBeenCalledWith(expect.objectContaining({ userId: ANA.userId }), task.id);
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: "ephemeral", replace_original: true }),
    );
  });

  it("on the morning list in my DMs (a plain message) redraws that list too, saying what happened", async () => {
    const task = makeTask();
    const delivery = {
      complete: vi.fn(async () => ({ kind: "done", task, projectCompleted: false })),
      listTasks: vi.fn(async () => ({ tasks: [] })),
    };
    const args = fakeButton(TaskAction.Done, task.id);
    const body = {
      ...args.body,
      channel: { id: "D0ANA", name: "directmessage" },
      container: { type: "message", is_ephemeral: false, channel_id: "D0ANA", message_ts: "1.000100" },
    };
    await call(taskDoneClicked(fakeDeps({ delivery })), { ...args, body });
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({ replace_original: true, blocks: expect.any(Array) }),
    );
    expect(JSON.stringify(vi.mocked(args.respond).mock.calls[0])).toMatch(
      /Your open tasks.*Marked T-\d+ .* done/,
    );
  });

  it("without a value is refused as out of date, and nothing is claimed", async () => {
    const delivery = { claim: vi.fn() };
    const args = fakeButton(TaskAction.Claim, "");
    await expect(call(taskClaimClicked(fakeDeps({ delivery })), args)).rejects.toMatchObject({
      name: "SlackRefusal",
    });
    expect(delivery.claim).not.toHaveBeenCalled();
  });
});

describe("New project (view submission)", () => {
  it("without a kickoff date answers next to that field (the service's refusal) and creates nothing", async () => {
    const delivery = {
      createProject: vi
        .fn()
        .mockRejectedValue(new AppError("handoff.kickoff_required", { field: "kickoff" })),
    };
    const values = {
      [HandoffField.Name]: { [InputActionId]: { type: "plain_text_input", value: "Rollout" } },
    };
    const args = fakeSubmission(DeliveryView.NewProject, values, "{}");
    await call(newProjectSubmitted(fakeDeps({ delivery })), args);
    expect(args.ack).toHaveBeenCalledWith({
      response_action: "errors",
      errors: { [HandoffField.Kickoff]: "Pick the kickoff date." },
    });
    expect(delivery.createProject).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ kickoffDate: "" }),
      expect.anything(),
    );
  });

  it("with a kickoff before today is refused next to that field, saying what it would do; nothing is opened", async () => {
    const delivery = { createProject: vi.fn() };
    const values = {
      [HandoffField.Name]: { [InputActionId]: { type: "plain_text_input", value: "Rollout" } },
      [HandoffField.Kickoff]: { [InputActionId]: { type: "datepicker", selected_date: "2026-11-18" } },
    };
    const args = fakeSubmission(DeliveryView.NewProject, values, "{}");
    await call(newProjectSubmitted(fakeDeps({ delivery })), args);
    expect(delivery.createProject).not.toHaveBeenCalled();
    expect(args.ack).toHaveBeenCalledWith({
      response_action: "errors",
      errors: { [HandoffField.Kickoff]: expect.stringMatching(/Wed 18 Nov 2026 is in the past.*overdue/) },
    });
  });
});

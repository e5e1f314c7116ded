import { formatTaskRef } from "../../../../domain/command-text.ts";
import type { TaskOutcome } from "../../../../services/delivery-service.ts";
import {
  alreadyClaimedText,
  alreadyDoneText,
  claimedText,
  markedDoneText,
} from "../../../views/delivery/task-answers.ts";

/** What a task click says privately: only "someone was first", refusals and completion. */
export function privateTextFor(outcome: TaskOutcome): string | undefined {
  switch (outcome.kind) {
    case "already_claimed":
      return alreadyClaimedText(outcome.task, outcome.by);
    case "already_done":
      return alreadyDoneText(outcome.task);
    case "already_yours":
      return `${formatTaskRef(outcome.task.number)} is already yours.`;
    case "done":
      return outcome.projectCompleted
        ? "That was the last task — the project is complete. :tada:"
        : undefined;
    default:
      return undefined;
  }
}

/** What heads a private list redrawn after a click that changed the task. */
export function listNoticeFor(outcome: TaskOutcome): string | undefined {
  switch (outcome.kind) {
    case "claimed":
      return claimedText(outcome.task);
    case "done":
      return markedDoneText(outcome.task);
    default:
      return undefined;
  }
}

import { isValidCalendarDate } from "../../../../domain/dates.ts";
import { HandoffField } from "../../../ids.ts";
import type { SubmitArgs } from "../../deps.ts";

/** The kickoff date both delivery forms need; without one, the form says so next to the field. */
export async function kickoffOrAsk(
  args: SubmitArgs,
  kickoffDate: string | undefined,
): Promise<string | undefined> {
  if (kickoffDate && isValidCalendarDate(kickoffDate)) return kickoffDate;
  await args.ack({ response_action: "errors", errors: { [HandoffField.Kickoff]: "Pick the kickoff date." } });
  return undefined;
}

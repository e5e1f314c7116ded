import { formErrorsFrom } from "../../../deal-form.ts";
import type { SubmitArgs } from "../../deps.ts";

/**
 * Runs a service call for a submitted form: refusals about a field are shown next to it (the
 * modal stays open, nothing typed is lost); success closes the modal.
 */
export async function submitDealForm<T>(args: SubmitArgs, work: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await work();
    await args.ack();
    return result;
  } catch (error) {
    const errors = formErrorsFrom(error);
    if (!errors) throw error;
    await args.ack({ response_action: "errors", errors });
    return undefined;
  }
}

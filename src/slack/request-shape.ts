import { z } from "zod";

/**
 * The least a signed request must carry for Bolt and the listeners to read it without
 * throwing. Slack always sends these fields; a body without them is forged or broken,
 * and gets a 400 instead of a crash, an HTTP 500 or a request nobody acknowledges.
 * Objects stay loose: Slack adds fields, and only the ones read here are checked.
 */
/** A Slack or Handoff id: any non-empty string (payloads.ts reads button values with it too). */
export const id = z.string().min(1);
const user = z.looseObject({ id });
const view = z.looseObject({ id, callback_id: z.string() });

const command = z.looseObject({
  command: z.string().startsWith("/"),
  team_id: id,
  user_id: id,
  channel_id: id,
  text: z.string().optional(),
});

const byType: Record<string, z.ZodType> = {
  url_verification: z.looseObject({ challenge: z.string() }),
  event_callback: z.looseObject({ event: z.looseObject({ type: z.string() }) }),
  block_actions: z.looseObject({
    user,
    actions: z.array(z.looseObject({ action_id: z.string() })).min(1),
  }),
  block_suggestion: z.looseObject({ user, action_id: z.string() }),
  view_submission: z.looseObject({
    user,
    // values: null reads as an empty form, answered next to its fields (form-hardening.test.ts).
    view: view.extend({ state: z.looseObject({ values: z.record(z.string(), z.unknown()).nullable() }) }),
  }),
  view_closed: z.looseObject({ user, view }),
  shortcut: z.looseObject({ user, callback_id: z.string() }),
  message_action: z.looseObject({ user, callback_id: z.string() }),
};

/** Why a parsed request body cannot be handled, or undefined when it can. */
export function malformedRequestReason(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return `the body is ${body === null ? "null" : Array.isArray(body) ? "an array" : typeof body}, not an object`;
  }
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check === "1") return undefined;
  if ("command" in fields) return problem(command, fields, "slash command");
  const type = fields.type;
  if (typeof type !== "string") return "the body has no type";
  const schema = byType[type];
  if (!schema) return `type ${JSON.stringify(type.slice(0, 40))} is not one Handoff handles`;
  return problem(schema, fields, type);
}

function problem(schema: z.ZodType, body: unknown, kind: string): string | undefined {
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  return `${kind}: ${issue.path.join(".") || "body"} ${issue.message}`;
}

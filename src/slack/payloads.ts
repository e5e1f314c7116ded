import { z } from "zod";
import { SlackRefusal } from "./error-messages.ts";
import { id } from "./request-shape.ts";
import type { ViewStateValues } from "./views/modal-kit.ts";

/**
 * What our own buttons, modals and forms carry back to us, read with zod at the edge. The
 * request envelope is already checked (request-shape.ts); these check the app's own payloads
 * inside it, which a forged request or a message drawn by an older version may get wrong.
 */

// ---------------------------------------------------------------------------------------------
// Button values.

/** A button or option that names one record (deal, task, project, template, stage): its id. */
export const ZRecordId = id;

/** Where in a template an overview control acts: the version shown, a phase, a task, what to do. */
export const ZTemplateSpot = jsonOf(
  z.object({
    t: id,
    v: z.number().int(),
    p: z.number().int().min(0).optional(),
    k: z.string().max(48).optional(),
    op: z.enum(["edit", "remove"]).optional(),
  }),
);

/** Share in channel on /pipeline: the scope to recompute, never the figures themselves. */
export const ZPipelineShare = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("all") }),
  z.object({ scope: z.literal("owner"), userId: id }),
]);

/**
 * The import preview's Import button and stage selects: the Slack file, the Update option and
 * the stages chosen so far for the file's unmatched stage names (by their place in the preview).
 */
export const ZImportChoices = z.object({
  fileId: z.string().regex(/^F[A-Z0-9]+$/),
  update: z.boolean(),
  mapping: z.record(z.string().regex(/^\d{1,3}$/), z.string().max(64)),
});

/** A stage select's option: which unmatched name (its place) goes to which stage. */
export const ZImportStageChoice = z
  .string()
  .regex(/^\d{1,3}:[\w-]{1,64}$/)
  .transform((raw) => {
    const [index, stageId] = raw.split(":") as [string, string];
    return { index, stageId };
  });

/** A JSON string holding what `schema` describes. */
export function jsonOf<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((raw, ctx): unknown => {
      try {
        return JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: "custom", message: "is not JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * A payload read with `schema`. One that does not fit was not written by this version of the
 * app: the person is told privately, in `whenStale`, what to do instead (the answer-failures
 * middleware says it), and nothing is changed.
 */
export function readPayload<S extends z.ZodType>(schema: S, raw: unknown, whenStale: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new SlackRefusal(whenStale);
}

/** What a person hears about a button whose value this version of the app did not write. */
export const STALE_BUTTON = "That button is out of date — run the command again for a fresh one.";

// ---------------------------------------------------------------------------------------------
// private_metadata: JSON objects whose fields are each optional. A malformed field is dropped,
// never thrown: the submission is still answered, and the service refuses what it needs.

const kept = <S extends z.ZodType>(schema: S) => schema.optional().catch(undefined);
const text = kept(z.string());
const integer = kept(z.number().int());

export const ZDealModalMetadata = z.object({ dealId: text, version: integer, opened: text, channelId: text });
export const ZHandoffModalMetadata = z.object({ dealId: text, channelId: text });
export const ZAdminModalMetadata = z.object({ channelId: text, fingerprint: text });
export const ZImportModalMetadata = z.object({ channelId: text });
export const ZTemplateModalMetadata = z.object({ templateId: text, version: integer, channelId: text });
export const ZWebhookModalMetadata = z.object({ channelId: text });

/** The task form: which template and version, the phase (a new task) or the task's key (a change). */
export const ZTemplateTaskMetadata = z.object({
  templateId: text,
  version: integer,
  phase: integer,
  key: text,
});

type MetadataSchema = z.ZodObject<Record<string, ReturnType<typeof kept>>>;

/** private_metadata back to its fields; anything malformed reads as absent. */
export function readPrivateMetadata<S extends MetadataSchema>(
  schema: S,
  raw: string | undefined,
): z.output<S> {
  const parsed = jsonOf(z.record(z.string(), z.unknown())).safeParse(raw);
  return schema.parse(parsed.success ? parsed.data : {});
}

/** The schema's fields of `value` as JSON, in the schema's order; undefined fields are left out. */
export function writePrivateMetadata<S extends MetadataSchema>(schema: S, value: z.input<S>): string {
  return JSON.stringify(schema.parse(value));
}

// ---------------------------------------------------------------------------------------------
// View state: block_id → action_id → the element's state. Each part that does not fit reads
// as empty, so the submit handler answers next to the field as for one left blank.

const optional = <S extends z.ZodType>(schema: S) => schema.nullish().catch(undefined);
const elementState = z.looseObject({
  type: z.string().catch(""),
  value: optional(z.string()),
  selected_option: optional(z.looseObject({ value: z.string() })),
  selected_options: optional(z.array(z.looseObject({ value: z.string() }))),
  selected_date: optional(z.string()),
  selected_time: optional(z.string()),
  selected_user: optional(z.string()),
  selected_users: optional(z.array(z.string())),
  selected_conversation: optional(z.string()),
  files: optional(z.array(z.looseObject({ id: z.string(), name: z.string().catch("") }))),
});

export const ZViewState = z
  .record(z.string(), z.record(z.string(), elementState).catch({}))
  .nullish()
  .catch(undefined)
  .transform((values) => values ?? {});

/** A submitted view's `state.values`, every part that does not fit read as empty. */
export function readViewState(view: { state: { values: unknown } }): ViewStateValues {
  return ZViewState.parse(view.state.values);
}

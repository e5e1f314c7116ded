/**
 * Reading the audit log: what one recorded change changed, field by field. Pure; the records
 * keep a snapshot of the fields before and after.
 */

/** One field of a recorded change: its value before and after (undefined: not there). */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields whose value differs between `before` and `after`, in the order `after` lists them. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const was = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(now), ...Object.keys(was)])];
  return fields
    .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]))
    .map((field) => ({ field, before: was[field], after: now[field] }));
}

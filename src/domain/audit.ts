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

/** What `/handoff audit` asks for: whose changes, about which deal, which page. */
export interface AuditQuery {
  readonly personId?: string;
  /** A deal as typed (`D-12`, `12`, part of its name). */
  readonly deal?: string;
  readonly page: number;
}

/**
 * `/handoff audit [@person] [deal] [page]`: a mention filters by person, a trailing number
 * after something else is the page, anything else names a deal.
 */
export function parseAuditQuery(
  tokens: readonly string[],
  userIdOf: (token: string) => string | undefined,
): AuditQuery {
  const rest = [...tokens];
  let page = 1;
  const last = rest.at(-1);
  if (last !== undefined && /^\d{1,4}$/.test(last) && (rest.length > 1 || /^[1-9]\d?$/.test(last))) {
    // A lone small number is a page; `/handoff audit D-12 2` is D-12's page 2.
    page = Math.max(1, Number(last));
    rest.pop();
  }
  let personId: string | undefined;
  const words: string[] = [];
  for (const token of rest) {
    const id = personId === undefined ? userIdOf(token) : undefined;
    if (id) personId = id;
    else words.push(token);
  }
  return { ...(personId ? { personId } : {}), ...(words.length > 0 ? { deal: words.join(" ") } : {}), page };
}

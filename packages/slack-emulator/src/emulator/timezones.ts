/** Seconds east of UTC for `tz` at `atMs` (DST-aware, via the ICU data built into Node). */
export function tzOffsetSeconds(tz: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(atMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const localAsUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  const wholeSecondsUtc = Math.floor(atMs / 1000) * 1000;
  return Math.round((localAsUtc - wholeSecondsUtc) / 60_000) * 60;
}

/** Slack-style label, e.g. "Central European Summer Time". */
export function tzLabel(tz: string, atMs: number): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "long" }).formatToParts(
    new Date(atMs),
  );
  return parts.find((p) => p.type === "timeZoneName")?.value ?? tz;
}

/** Throws a RangeError for a zone Node does not know, so typos in a roster fail early. */
export function assertTimeZone(tz: string): void {
  new Intl.DateTimeFormat("en-US", { timeZone: tz });
}

/** Time as a dependency, so schedules and staleness can be tested at any instant. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  at: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * The system clock, set back by a number of days while `travelTo` says so: the sandbox makes its
 * demo deals at the days they are meant to have been made.
 */
export function travellingClock(): Clock & { travelTo(daysAgo: number): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() - offsetMs),
    travelTo: (daysAgo) => {
      offsetMs = daysAgo * 86_400_000;
    },
  };
}

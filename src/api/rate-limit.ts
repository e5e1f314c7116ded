/**
 * A token bucket per API token, in this process's memory: `burst` requests at once, refilled
 * at `perSecond`. Several instances each keep their own buckets (the limit is per instance).
 */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

export const DEFAULT_API_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 40 };

/** Buckets not touched for this long are full again and can be forgotten. */
const IDLE_MS = 10 * 60_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request's token: 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    const refilled = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond,
    );
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, at: now });
      if (this.buckets.size > 10_000) this.forgetIdle(now);
      return 0;
    }
    this.buckets.set(key, { tokens: refilled, at: now });
    return Math.max(1, Math.ceil((1 - refilled) / this.limit.perSecond));
  }

  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at > IDLE_MS) this.buckets.delete(key);
  }
}

/** A source as a whole takes this many clients' worth: a crowd of addresses cannot flood it either. */
const CLIENTS_PER_SOURCE = 10;

/**
 * The public lead hook's limit: a bucket per client address of each source, so one bot
 * flooding a form does not lock out its visitors, and one per source as a whole. Callers
 * take only for a source they found: unknown secrets never make buckets.
 */
export class LeadHookLimits {
  private readonly perClient: TokenBuckets;
  private readonly perSource: TokenBuckets;

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.perClient = new TokenBuckets(limit, now);
    this.perSource = new TokenBuckets(
      { perSecond: limit.perSecond * CLIENTS_PER_SOURCE, burst: limit.burst * CLIENTS_PER_SOURCE },
      now,
    );
  }

  /** 0 when the lead may be taken, else the seconds until the client may try again. */
  take(sourceId: string, clientAddress: string | undefined): number {
    // The client's own bucket first: a refused flood spends nothing of its source's.
    return this.perClient.take(`${sourceId} ${clientAddress ?? ""}`) || this.perSource.take(sourceId);
  }
}

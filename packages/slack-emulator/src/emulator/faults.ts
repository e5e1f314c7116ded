/** What an injected fault does to one request. */
export type Fault =
  | { kind: "error"; error: string }
  /** HTTP 429 with Retry-After and `{ ok: false, error: "ratelimited" }`. */
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "http"; status: number; body?: string }
  /** Waits, then handles the request normally. */
  | { kind: "delay"; ms: number };

export interface FaultSpec {
  /** A Web API method name, "response_url", or "*" for every request. */
  method: string;
  /** How many requests it hits; default 1. Ignored with untilCleared. */
  times?: number;
  untilCleared?: boolean;
  fault: Fault;
}

interface ActiveFault {
  id: number;
  method: string;
  remaining: number;
  fault: Fault;
}

/** Faults queued per method, consumed one per matching request in the order they were injected. */
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  /** Returns a function that removes this fault early. */
  inject(spec: FaultSpec): () => void {
    const times = spec.untilCleared ? Number.POSITIVE_INFINITY : (spec.times ?? 1);
    if (!(times > 0)) throw new Error("injectFault: times must be at least 1");
    const id = this.nextId++;
    this.faults.push({ id, method: spec.method, remaining: times, fault: structuredClone(spec.fault) });
    return () => {
      this.faults = this.faults.filter((f) => f.id !== id);
    };
  }

  take(method: string): Fault | undefined {
    const active = this.faults.find((f) => f.method === method || f.method === "*");
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.faults = this.faults.filter((f) => f !== active);
    return active.fault;
  }

  clear(): void {
    this.faults = [];
  }

  get pending(): number {
    return this.faults.length;
  }
}

export interface TokenBucketConfig {
  burst: number;
  perSecond: number;
}

/** One token bucket per key (channel): `burst` at once, refilled at `perSecond`. */
export class KeyedTokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly config: TokenBucketConfig,
    private readonly now: () => number,
  ) {
    if (config.burst < 1 || config.perSecond <= 0)
      throw new Error("rate limit needs burst >= 1 and perSecond > 0");
  }

  /** Takes a token, or says how many whole seconds until one is available. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.config.burst, at: now };
    const refilled = Math.min(
      this.config.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.config.perSecond,
    );
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, at: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens: refilled, at: now });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / this.config.perSecond)) };
  }

  reset(): void {
    this.buckets.clear();
  }
}

/**
 * Slack allows about one message per second per channel, with short bursts; web-api has no
 * per-channel pacing (a 429 pauses its whole queue). Each channel gets a token bucket here,
 * so a project thread of 40 tasks trickles out instead of tripping the limit. Per instance:
 * several instances together may still hit a 429, which the dispatcher honours.
 */
export interface PacingConfig {
  /** Messages a channel may take at once. */
  readonly burst: number;
  /** Sustained messages per second per channel. */
  readonly perSecond: number;
}

/** A little under Slack's own limit, so clocks that disagree by a few ms don't earn a 429. */
export const SLACK_CHANNEL_PACING: PacingConfig = { burst: 3, perSecond: 0.9 };

export class ChannelPacer {
  private readonly buckets = new Map<
    string,
    { tokens: number; at: number; queue: Promise<void>; heldUntil: number }
  >();

  constructor(
    private readonly config: PacingConfig,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when one more message may go to this channel; callers queue in arrival order. */
  take(channel: string): Promise<void> {
    const bucket = this.bucket(channel);
    const turn = bucket.queue.then(async () => {
      for (;;) {
        const now = this.now();
        if (now < bucket.heldUntil) {
          await this.sleep(bucket.heldUntil - now);
          continue;
        }
        bucket.tokens = Math.min(
          this.config.burst,
          bucket.tokens + ((now - bucket.at) / 1000) * this.config.perSecond,
        );
        bucket.at = now;
        if (bucket.tokens >= 1) {
          bucket.tokens -= 1;
          return;
        }
        await this.sleep(Math.ceil(((1 - bucket.tokens) / this.config.perSecond) * 1000));
      }
    });
    bucket.queue = turn;
    return turn;
  }

  /**
   * Slack rate-limited this channel: nothing more goes to it for `ms` (a 429's Retry-After),
   * not only the message that got the 429. After the hold, it starts again with one message.
   */
  hold(channel: string, ms: number): void {
    const bucket = this.bucket(channel);
    bucket.heldUntil = Math.max(bucket.heldUntil, this.now() + ms);
    bucket.tokens = 1;
    bucket.at = bucket.heldUntil;
  }

  private bucket(channel: string) {
    const bucket = this.buckets.get(channel) ?? {
      tokens: this.config.burst,
      at: this.now(),
      queue: Promise.resolve(),
      heldUntil: 0,
    };
    this.buckets.set(channel, bucket);
    return bucket;
  }
}

/** The channel an effect posts to, for pacing; DMs and App Home views are paced per person. */
export function channelOfOrderingKey(orderingKey: string): string {
  const [first] = orderingKey.split(":");
  return first === "dm" || first === "home" || first === undefined ? orderingKey : first;
}

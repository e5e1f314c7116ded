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
  private readonly buckets = new Map<string, { tokens: number; at: number; queue: Promise<void> }>();

  constructor(
    private readonly config: PacingConfig,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when one more message may go to this channel; callers queue in arrival order. */
  take(channel: string): Promise<void> {
    const bucket = this.buckets.get(channel) ?? {
      tokens: this.config.burst,
      at: this.now(),
      queue: Promise.resolve(),
    };
    this.buckets.set(channel, bucket);
    const turn = bucket.queue.then(async () => {
      for (;;) {
        const now = this.now();
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
}

/** The channel an effect posts to, for pacing; DMs and App Home views are paced per person. */
export function channelOfOrderingKey(orderingKey: string): string {
  const [first] = orderingKey.split(":");
  return first === "dm" || first === "home" || first === undefined ? orderingKey : first;
}

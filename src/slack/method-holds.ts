import { type WebAPICallResult, WebAPIRateLimitedError, WebClient } from "@slack/web-api";

/**
 * Slack's rate limits are per method and workspace; only chat.postMessage's 429 is about one
 * channel (about one message per second per channel), which the dispatcher's pacer holds.
 */
const LIMITED_PER_CHANNEL: ReadonlySet<string> = new Set(["chat.postMessage"]);

/**
 * A client for one workspace's bot token that remembers a 429: until its Retry-After has passed,
 * calls of that method fail here at once with the time left, instead of going to Slack from
 * every channel and earning more 429s. The caller retries later, as after any 429.
 */
export class MethodHoldingWebClient extends WebClient {
  private readonly heldUntil = new Map<string, number>();

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    const left = (this.heldUntil.get(method) ?? 0) - Date.now();
    if (left > 0) throw new WebAPIRateLimitedError(Math.ceil(left / 1000));
    try {
      return await super.apiCall(method, options);
    } catch (error) {
      if (error instanceof WebAPIRateLimitedError && !LIMITED_PER_CHANNEL.has(method)) {
        const until = Date.now() + error.retryAfter * 1000;
        this.heldUntil.set(method, Math.max(this.heldUntil.get(method) ?? 0, until));
      }
      throw error;
    }
  }
}

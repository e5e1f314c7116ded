import { createHmac } from "node:crypto";

/** Slack's request signature: `v0=` + hex HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function slackSignature(
  signingSecret: string,
  timestampSeconds: number | string,
  rawBody: string,
): string {
  const digest = createHmac("sha256", signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest("hex");
  return `v0=${digest}`;
}

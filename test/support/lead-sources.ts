import { Channels, type Harness, People } from "./e2e-harness.ts";

/** A lead source made as an admin makes one (`/handoff leads add`): its hook's secret. */
export async function addLeadSource(h: Harness, name: string): Promise<string> {
  const response = await h.command(People.admin, "/handoff", `leads add ${name}`, {
    channelId: Channels.sales,
  });
  const secret = /hlh_[A-Za-z0-9_-]{43}/.exec(JSON.stringify(response.body))?.[0];
  if (!secret) throw new Error(`no secret in ${JSON.stringify(response.body)}`);
  return secret;
}

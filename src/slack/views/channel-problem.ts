import type { MessageView } from "./messages.ts";

/** Why Handoff cannot post in a channel, in the words an admin can act on. */
function problemText(code: string): string {
  if (code === "is_archived" || code === "is_inactive") return "is archived";
  if (code.startsWith("restricted_action") || code === "ekm_access_denied")
    return "does not let apps post there (a workspace or channel setting)";
  if (code === "not_in_channel")
    return "is private and Handoff is not in it — invite it with `/invite @Handoff`";
  return "does not exist (or Handoff can't see it)";
}

/** The private alert to each admin when a channel keeps refusing Handoff's posts. */
export function channelProblemAlert(channelId: string, code: string): MessageView {
  return {
    text: `:warning: Handoff can't post in <#${channelId}>: the channel ${problemText(code)}. Messages for it are waiting and will be posted once it is fixed — or pick another channel in \`/handoff settings\` or the HANDOFF_*_CHANNEL settings.`,
  };
}

// A slash command's text as Slack sends it for a command with `should_escape: true`: &, < and >
// escaped, @person and #channel turned into <@U…|name> and <#C…|name>.

import type { EmulatorStateData } from "../emulator/types.ts";

export function escapeCommandText(text: string, state: EmulatorStateData): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const people = Object.values(state.users).filter((u) => !u.deleted);
  const channels = Object.values(state.channels).filter((c) => !c.is_im);
  return escaped
    .replace(/(^|[\s(])@([\w-]+(?:\.[\w-]+)*)/g, (whole, before: string, handle: string) => {
      const wanted = handle.toLowerCase();
      const user = people.find(
        (u) => u.name.toLowerCase() === wanted || u.display_name.toLowerCase() === wanted,
      );
      return user ? `${before}<@${user.id}|${user.name}>` : whole;
    })
    .replace(/(^|[\s(])#([\w-]+)/g, (whole, before: string, name: string) => {
      const channel = channels.find((c) => c.name === name.toLowerCase());
      return channel ? `${before}<#${channel.id}|${channel.name}>` : whole;
    });
}

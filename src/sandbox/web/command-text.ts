// A slash command's text as Slack sends it for a command with `should_escape: true`: &, < and >
// escaped, @person and #channel turned into <@U…|name> and <#C…|name>.

import type { EmulatorChannel, EmulatorUser } from "@handoff/slack-emulator";

/** Who and what the text may name. */
export interface CommandDirectory {
  readonly people: readonly EmulatorUser[];
  channelNamed(name: string): Pick<EmulatorChannel, "id" | "name"> | undefined;
}

export function escapeCommandText(text: string, directory: CommandDirectory): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const people = directory.people.filter((u) => !u.deleted);
  return escaped
    .replace(/(^|[\s(])@([\w-]+(?:\.[\w-]+)*)/g, (whole, before: string, handle: string) => {
      const wanted = handle.toLowerCase();
      const user = people.find(
        (u) => u.name.toLowerCase() === wanted || u.display_name.toLowerCase() === wanted,
      );
      return user ? `${before}<@${user.id}|${user.name}>` : whole;
    })
    .replace(/(^|[\s(])#([\w-]+)/g, (whole, before: string, name: string) => {
      const channel = directory.channelNamed(name.toLowerCase());
      return channel ? `${before}<#${channel.id}|${channel.name}>` : whole;
    });
}

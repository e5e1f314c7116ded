import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { projectCardMessage } from "../../../views/delivery/project-message.ts";
import type { CommandArgs, ListenerDeps } from "../../deps.ts";

/** `/project P-3` or part of its name: the project's card, with a link to its thread. */
export function projectShow(deps: ListenerDeps) {
  return async ({ ack, respond, client, context }: CommandArgs, query: string): Promise<void> => {
    const { actor } = handoffContext(context);
    const today = todayIn(actor.settings.timeZone, deps.clock.now());
    const project = await deps.services.delivery.resolveProject(actor.teamId, query);
    // The thread's link needs Slack: acknowledge first, so a slow Slack cannot miss the 3 s.
    await ack();
    let permalink: string | undefined;
    if (project.thread) {
      try {
        const { channelId, ts } = project.thread;
        permalink = (await client.chat.getPermalink({ channel: channelId, message_ts: ts })).permalink;
      } catch {
        // The card is still useful without its link.
      }
    }
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      ...projectCardMessage(project, { today, ...(permalink ? { permalink } : {}) }),
    });
  };
}

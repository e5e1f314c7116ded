import { handoffContext } from "../../../context.ts";
import { jsonOf, readPayload, ZPipelineShare } from "../../../payloads.ts";
import { sharedPipelineMessage } from "../../../views/pipeline.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Share in channel: posts the same summary, freshly computed, for everyone in the channel. */
export function pipelineShared({
  services,
  clock,
}: Pick<ListenerDeps, "services" | "clock">): Handler<ButtonArgs> {
  return async ({ ack, action, respond, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const scope = readPayload(
      jsonOf(ZPipelineShare),
      action.value,
      "That pipeline is out of date — run `/pipeline` again.",
    );
    const summary = await services.pipeline.summarise(actor.teamId, {
      ...(scope.scope === "owner" ? { ownerId: scope.userId } : {}),
      timeZone: actor.settings.timeZone,
    });
    await respond({
      response_type: "in_channel",
      replace_original: false,
      ...sharedPipelineMessage(summary, { sharedBy: actor.userId, now: clock.now() }),
    });
  };
}

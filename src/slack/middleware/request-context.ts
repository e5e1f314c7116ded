import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../lib/logger.ts";
import type { WorkspaceService } from "../../services/workspace-service.ts";
import type { HandoffContext } from "../context.ts";

interface LooseBody {
  type?: string;
  command?: string;
  team_id?: string;
  user_id?: string;
  team?: { id?: string } | null;
  user?: { id?: string; team_id?: string };
  event?: { type?: string; user?: string };
  actions?: Array<{ action_id?: string }>;
  view?: { callback_id?: string; team_id?: string };
}

/** The request's identity, read the same way whatever kind of payload it is. */
export function describeRequest(body: unknown): { teamId?: string; userId?: string; kind: string } {
  const b = body as LooseBody;
  const teamId = b.team_id ?? b.team?.id ?? b.user?.team_id ?? b.view?.team_id;
  const userId = b.user_id ?? b.user?.id ?? b.event?.user;
  const kind = b.command
    ? `command ${b.command}`
    : b.type === "block_actions"
      ? `action ${b.actions?.[0]?.action_id ?? "?"}`
      : b.type === "view_submission" || b.type === "view_closed"
        ? `${b.type} ${b.view?.callback_id ?? "?"}`
        : b.event?.type
          ? `event ${b.event.type}`
          : (b.type ?? "unknown");
  return { teamId: teamId ?? undefined, userId: userId ?? undefined, kind };
}

/** Child logger carrying team, user and what the request is. */
export function attachRequestLogger(root: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const { teamId, userId, kind } = describeRequest(body);
    (context as Partial<HandoffContext>).log = root.child({
      team: teamId ?? context.teamId,
      user: userId ?? context.userId,
      request: kind,
      ...(context.retryNum ? { retryNum: context.retryNum, retryReason: context.retryReason } : {}),
    });
    await next();
  };
}

/** Resolves who is asking and the workspace's settings, once, before any listener. */
export function attachActor(workspaces: WorkspaceService): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const { teamId, userId } = describeRequest(body);
    const team = teamId ?? context.teamId;
    if (team && userId) {
      (context as Partial<HandoffContext>).actor = await workspaces.resolveActor(team, userId);
    }
    await next();
  };
}

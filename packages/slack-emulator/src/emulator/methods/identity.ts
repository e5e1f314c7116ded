import { optionalString, requireString } from "../args.ts";
import { SlackApiError } from "../errors.ts";
import { userObject } from "../shapes.ts";
import type { MethodHandler } from "./context.ts";
import { paginate } from "./conversations.ts";

export const authTest: MethodHandler = (_args, { store }) => {
  const { team, bot } = store.state;
  return {
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: bot.name,
    team_id: team.id,
    user_id: bot.userId,
    bot_id: bot.botId,
    is_enterprise_install: false,
  };
};

export const usersInfo: MethodHandler = (args, { store }) => {
  const user = store.requireUser(requireString(args, "user"));
  return { user: userObject(user) };
};

export const teamInfo: MethodHandler = (args, { store }) => {
  const { team } = store.state;
  const asked = optionalString(args, "team");
  if (asked && asked !== team.id) throw new SlackApiError("team_not_found");
  return {
    team: {
      id: team.id,
      name: team.name,
      url: `https://${team.domain}.slack.com/`,
      domain: team.domain,
      email_domain: "",
      icon: { image_default: true, image_34: "", image_44: "", image_68: "", image_88: "", image_102: "" },
      avatar_base_url: "https://ca.slack-edge.com/",
      is_verified: false,
    },
  };
};

/** users.lookupByEmail (users:read.email): the person with that email, case aside. */
export const usersLookupByEmail: MethodHandler = (args, { store }) => {
  const email = requireString(args, "email").trim().toLowerCase();
  const user = Object.values(store.state.users).find(
    (u) => u.email !== "" && u.email.toLowerCase() === email,
  );
  if (!user) throw new SlackApiError("users_not_found");
  return { user: userObject(user) };
};

/** users.list (users:read): everyone in the workspace, bots and deactivated people included, by pages. */
export const usersList: MethodHandler = (args, { store }) => {
  const page = paginate(Object.values(store.state.users), args, 200);
  return {
    members: page.items.map((user) => userObject(user)),
    cache_ts: Math.floor(store.now() / 1000),
    response_metadata: { next_cursor: page.nextCursor },
  };
};

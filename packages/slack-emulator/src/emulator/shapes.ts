// Objects shaped the way the Web API returns them (users.info, conversations.info, messages).

import type { EmulatorStore } from "./store.ts";
import type { EmulatorChannel, EmulatorMessage, EmulatorUser } from "./types.ts";

const AVATAR = "https://a.slack-edge.com/80588/img/avatars/ava_0001";

export function userObject(user: EmulatorUser): Record<string, unknown> {
  const [first = "", ...rest] = user.real_name.split(" ");
  const images = Object.fromEntries(
    [24, 32, 48, 72, 192, 512].map((size) => [`image_${size}`, `${AVATAR}-${size}.png`]),
  );
  return {
    id: user.id,
    team_id: user.team_id,
    name: user.name,
    deleted: user.deleted,
    color: "9f69e7",
    real_name: user.real_name,
    tz: user.tz,
    tz_label: user.tz_label,
    tz_offset: user.tz_offset,
    profile: {
      title: user.title,
      phone: "",
      skype: "",
      real_name: user.real_name,
      real_name_normalized: user.real_name,
      display_name: user.display_name,
      display_name_normalized: user.display_name,
      fields: null,
      status_text: "",
      status_emoji: "",
      status_expiration: 0,
      avatar_hash: "g000000000",
      ...(user.email ? { email: user.email } : {}),
      first_name: first,
      last_name: rest.join(" "),
      ...images,
      team: user.team_id,
      ...(user.bot_id ? { bot_id: user.bot_id, api_app_id: user.app_id, always_active: true } : {}),
    },
    is_admin: user.is_admin,
    is_owner: user.is_owner,
    is_primary_owner: user.is_owner,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.is_bot,
    is_app_user: false,
    updated: 1_700_000_000,
    is_email_confirmed: !user.is_bot,
    who_can_share_contact_card: "EVERYONE",
  };
}

export function conversationObject(
  store: EmulatorStore,
  channel: EmulatorChannel,
  options: { includeNumMembers?: boolean } = {},
): Record<string, unknown> {
  const teamId = store.state.team.id;
  if (channel.is_im) {
    const user = channel.user === undefined ? undefined : store.user(channel.user);
    return {
      id: channel.id,
      created: channel.created,
      is_archived: false,
      is_im: true,
      is_org_shared: false,
      context_team_id: teamId,
      updated: channel.created * 1000,
      user: channel.user,
      is_user_deleted: user?.deleted ?? false,
      priority: 0,
      is_open: true,
      last_read: "0000000000.000000",
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.is_private,
    is_group: channel.is_private,
    is_im: false,
    is_mpim: false,
    is_private: channel.is_private,
    created: channel.created,
    is_archived: channel.is_archived,
    is_general: false,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: teamId,
    updated: channel.created * 1000,
    parent_conversation: null,
    creator: channel.creator,
    is_ext_shared: false,
    shared_team_ids: [teamId],
    is_member: store.botIsMember(channel),
    topic: { value: channel.topic, creator: "", last_set: 0 },
    purpose: { value: channel.purpose, creator: "", last_set: 0 },
    previous_names: [],
    ...(options.includeNumMembers ? { num_members: channel.members.length } : {}),
  };
}

/** A message as the Web API returns it; bot messages carry a bot_profile. */
export function messageObject(store: EmulatorStore, message: EmulatorMessage): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...structuredClone(message) };
  if (message.bot_id === store.state.bot.botId) {
    copy.bot_profile = {
      id: store.state.bot.botId,
      app_id: store.state.bot.appId,
      name: store.state.bot.name,
      icons: { image_36: `${AVATAR}-36.png`, image_48: `${AVATAR}-48.png`, image_72: `${AVATAR}-72.png` },
      deleted: false,
      updated: 1_700_000_000,
      team_id: store.state.team.id,
    };
  }
  return copy;
}

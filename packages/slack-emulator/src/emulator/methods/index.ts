import * as chat from "./chat.ts";
import type { MethodHandler } from "./context.ts";
import * as conversations from "./conversations.ts";
import * as files from "./files.ts";
import * as identity from "./identity.ts";
import * as views from "./views.ts";

export type { MethodContext, MethodHandler } from "./context.ts";

/** Every Web API method the emulator implements. Anything else is `unknown_method`. */
export const METHODS: Readonly<Record<string, MethodHandler>> = {
  "auth.test": identity.authTest,
  "chat.postMessage": chat.postMessage,
  "chat.update": chat.update,
  "chat.delete": chat.deleteMessage,
  "chat.postEphemeral": chat.postEphemeral,
  "chat.getPermalink": chat.getPermalink,
  "views.open": views.open,
  "views.update": views.update,
  "views.push": views.push,
  "views.publish": views.publish,
  "conversations.open": conversations.open,
  "conversations.join": conversations.join,
  "conversations.info": conversations.info,
  "conversations.members": conversations.members,
  "conversations.history": conversations.history,
  "conversations.replies": conversations.replies,
  "users.info": identity.usersInfo,
  "users.lookupByEmail": identity.usersLookupByEmail,
  "users.list": identity.usersList,
  "files.info": files.info,
  "files.getUploadURLExternal": files.getUploadURLExternal,
  "files.completeUploadExternal": files.completeUploadExternal,
  "team.info": identity.teamInfo,
};

import type { ActionsBlock, KnownBlock, ModalView, SectionBlock } from "@slack/types";
import {
  API_TOKEN_NAME_LIMIT,
  API_TOKEN_PREFIX,
  type ApiAccess,
  type ApiToken as ApiTokenRecord,
} from "../../domain/api-access.ts";
import { ApiTokenAction, ApiTokenField, ApiTokenView } from "../ids.ts";
import { button, context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import {
  input,
  modal,
  option,
  readFields,
  staticSelect,
  textInput,
  type ViewStateValues,
} from "./modal-kit.ts";
import { fitMrkdwn, oneLine, userMention } from "./text.ts";

/** A message holds 50 blocks: the list shows the newest tokens first, up to this many. */
const MAX_LISTED = 40;

const ACCESS_WORDS: Record<ApiAccess, string> = { read: "read only", read_write: "read-write" };

const day = (date: Date) => date.toISOString().slice(0, 10);

function tokenText(token: ApiTokenRecord): string {
  const name = fitMrkdwn(oneLine(token.name), API_TOKEN_NAME_LIMIT);
  const title = `*${name}* · ${ACCESS_WORDS[token.access]} · \`${API_TOKEN_PREFIX}…${token.hint}\``;
  const created = `created by ${userMention(token.createdById)} on ${day(token.createdAt)}`;
  const used = token.lastUsedAt ? `last used ${day(token.lastUsedAt)}` : "never used";
  const revoked =
    token.revokedAt === null
      ? ""
      : ` · *revoked*${token.revokedById ? ` by ${userMention(token.revokedById)}` : ""} on ${day(token.revokedAt)}`;
  return `${title}\n${created} · ${used}${revoked}`;
}

function revokeButton(token: ApiTokenRecord) {
  return {
    ...button("Revoke", ApiTokenAction.Revoke, token.id, "danger"),
    confirm: {
      title: { type: "plain_text" as const, text: "Revoke this token?" },
      text: {
        type: "plain_text" as const,
        text: `Anything using "${oneLine(token.name).slice(0, 100)}" stops working at once. This can't be undone.`,
      },
      confirm: { type: "plain_text" as const, text: "Revoke" },
      deny: { type: "plain_text" as const, text: "Keep it" },
      style: "danger" as const,
    },
  };
}

/** `/handoff api`: the workspace's tokens, each with Revoke, and Create token. */
export function apiTokenListMessage(tokens: readonly ApiTokenRecord[], notice?: string): MessageView {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(section(notice));
  blocks.push(header("API tokens"));
  for (const token of tokens.slice(0, MAX_LISTED)) {
    const row: SectionBlock = section(tokenText(token));
    if (token.revokedAt === null) row.accessory = revokeButton(token);
    blocks.push(row);
  }
  if (tokens.length === 0) blocks.push(section("No tokens yet."));
  if (tokens.length > MAX_LISTED) blocks.push(context(`…and ${tokens.length - MAX_LISTED} older tokens.`));
  blocks.push(
    {
      type: "actions",
      elements: [button("Create token", ApiTokenAction.Create, "new", "primary")],
    } satisfies ActionsBlock,
    context(
      "Tokens reach the REST API at /api/v1 on this app's address. A read-write token's changes show as made by its creator via the token. Website forms post leads with a source's secret instead: `/handoff api leads`. Only you can see this.",
    ),
  );
  return { text: `API tokens: ${tokens.filter((t) => !t.revokedAt).length} in use`, blocks };
}

export function revokedNotice(token: ApiTokenRecord): string {
  return `:white_check_mark: Revoked *${fitMrkdwn(oneLine(token.name), API_TOKEN_NAME_LIMIT)}*.`;
}

/** Create token: a name and read or read-write. */
export function createApiTokenModal(): ModalView {
  const read = option("Read only", "read");
  return modal({
    callbackId: ApiTokenView.Create,
    title: "Create API token",
    submit: "Create",
    metadata: "",
    blocks: [
      input(ApiTokenField.Name, "Name", textInput({ max: API_TOKEN_NAME_LIMIT, placeholder: "CRM sync" }), {
        hint: "Shown in history next to every change the token makes.",
      }),
      input(
        ApiTokenField.Access,
        "Access",
        staticSelect("Choose", [read, option("Read and write", "read_write")], read),
      ),
    ],
  });
}

export function readApiTokenForm(values: ViewStateValues | null | undefined): {
  name: string;
  access: ApiAccess;
} {
  const form = readFields(values, [
    ["name", ApiTokenField.Name],
    ["access", ApiTokenField.Access],
  ]);
  return { name: form.name ?? "", access: form.access === "read_write" ? "read_write" : "read" };
}

/** The secret, once: the modal it is shown in has no way back to it. */
export function apiTokenCreatedModal(token: ApiTokenRecord, secret: string): ModalView {
  return {
    type: "modal",
    callback_id: `${ApiTokenView.Create}.done`,
    title: { type: "plain_text", text: "API token created" },
    close: { type: "plain_text", text: "Done" },
    blocks: [
      section(
        `*${fitMrkdwn(oneLine(token.name), API_TOKEN_NAME_LIMIT)}* (${ACCESS_WORDS[token.access]}). Copy the token now: Handoff keeps only a hash of it and can't show it again.`,
      ),
      section(`\`\`\`${secret}\`\`\``),
      section(
        `Try it (replace the address with your Handoff's):\n\`\`\`curl -H "Authorization: Bearer ${secret}" http://localhost:3000/api/v1/deals\`\`\``,
      ),
      context("Revoke it any time with /handoff api."),
    ],
  };
}

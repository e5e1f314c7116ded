import { WebAPIPlatformError } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackDriver } from "../src/driver.ts";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { FakeApp } from "./fake-app.ts";
import { BOT_TOKEN, clientFor, errorOf, startDemoEmulator } from "./support.ts";

const SECRET = "test-signing-secret";
const plain = (text: string) => ({ type: "plain_text" as const, text });

let emu: SlackEmulator | undefined;
let app: FakeApp | undefined;

afterEach(async () => {
  await app?.stop();
  await emu?.stop();
  emu = undefined;
  app = undefined;
});

async function slackError(fn: () => Promise<unknown>): Promise<string | undefined> {
  const error = await errorOf(fn);
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as WebAPIPlatformError).data.error;
}

describe("a file attached to a modal's file_input", () => {
  let driver: SlackDriver;
  beforeEach(async () => {
    emu = await startDemoEmulator();
    app = new FakeApp(SECRET);
    driver = new SlackDriver({ emulator: emu, appUrl: await app.start(), signingSecret: SECRET });
    await clientFor(emu).views.open({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: {
        type: "modal",
        title: plain("Import deals"),
        submit: plain("Preview"),
        blocks: [
          {
            type: "input",
            block_id: "file",
            label: plain("CSV file"),
            element: { type: "file_input", action_id: "v", filetypes: ["csv"], max_files: 1 },
          },
        ],
      } as never,
    });
  });

  it("reaches the app as Slack sends it, and downloads with the bot token", async () => {
    await driver.submitView("U0ANA", {
      "CSV file": { file: { name: "deals.csv", content: "Name\nAcme\n" } },
    });
    const state = app!.last().payload!.view as { state: { values: Record<string, Record<string, unknown>> } };
    const value = state.state.values.file!.v as { type: string; files: Array<Record<string, unknown>> };
    expect(value.type).toBe("file_input");
    expect(value.files).toHaveLength(1);
    const file = value.files[0]!;
    expect(file).toMatchObject({
      name: "deals.csv",
      filetype: "csv",
      mimetype: "text/csv",
      size: 10,
      user: "U0ANA",
    });

    const info = await clientFor(emu!).files.info({ file: String(file.id) });
    expect(info.file?.url_private_download).toBe(file.url_private_download);

    const url = String(file.url_private_download);
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(withToken.headers.get("content-type")).toBe("text/csv");
    expect(await withToken.text()).toBe("Name\nAcme\n");
    // Without the token Slack answers its sign-in page, not the file.
    const without = await fetch(url);
    expect(without.headers.get("content-type")).toContain("text/html");
    expect(await without.text()).not.toContain("Acme");
  });

  it("reaches the app from the page's raw values: the id of a file the person uploaded", async () => {
    const uploaded = emu!.uploadUserFile("U0ANA", { name: "deals.csv", content: "Name\nAcme\n" });
    const viewId = emu!.openModal("U0ANA")!.id;
    const result = await driver.submitViewValues("U0ANA", viewId, { file: { v: [String(uploaded.id)] } });
    expect(result).toMatchObject({ status: 200 });
    const state = app!.last().payload!.view as { state: { values: Record<string, Record<string, unknown>> } };
    expect(state.state.values.file!.v).toEqual({ type: "file_input", files: [uploaded] });
  });

  it("refuses a raw file id that is not the person's own upload", async () => {
    const bens = emu!.uploadUserFile("U0BEN", { name: "bens.csv", content: "Name\nSecret\n" });
    const viewId = emu!.openModal("U0ANA")!.id;
    await expect(
      driver.submitViewValues("U0ANA", viewId, { file: { v: [String(bens.id)] } }),
    ).rejects.toThrow(`No file ${String(bens.id)} attached by this person`);
    await expect(driver.submitViewValues("U0ANA", viewId, { file: { v: ["F0NOPE"] } })).rejects.toThrow(
      "No file F0NOPE",
    );
    expect(app!.received).toHaveLength(0);
  });

  it("is refused by Slack's client when it is not one of the file types", async () => {
    await expect(
      driver.submitView("U0ANA", { "CSV file": { file: { name: "deals.xlsx", content: "PK" } } }),
    ).rejects.toThrow("takes csv files, not deals.xlsx");
  });

  it("is refused by Slack's client above 10 MB", async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 65);
    await expect(
      driver.submitView("U0ANA", { "CSV file": { file: { name: "big.csv", content: big } } }),
    ).rejects.toThrow("larger than 10 MB");
  });
});

describe("files.info and the private download", () => {
  it("needs files:read, for the method and for the bytes", async () => {
    emu = await startDemoEmulator({ botScopes: ["chat:write"] });
    const file = emu.uploadUserFile("U0ANA", { name: "a.csv", content: "x" });
    expect(await slackError(() => clientFor(emu!).files.info({ file: String(file.id) }))).toBe(
      "missing_scope",
    );
    const download = await fetch(String(file.url_private_download), {
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
    });
    expect(download.headers.get("content-type")).toContain("text/html");
  });

  it("answers file_not_found for a file that does not exist", async () => {
    emu = await startDemoEmulator();
    expect(await slackError(() => clientFor(emu!).files.info({ file: "F0NOPE12345" }))).toBe(
      "file_not_found",
    );
  });
});

describe("filesUploadV2 (getUploadURLExternal, the upload, completeUploadExternal)", () => {
  it("shares the file in the DM as one message with the comment", async () => {
    emu = await startDemoEmulator();
    const dm = emu.openDm("U0ANA");
    const result = await clientFor(emu).filesUploadV2({
      channel_id: dm,
      filename: "deals.csv",
      content: "Reference,Name\r\nD-1,Acme\r\n",
      initial_comment: "Your export",
    });
    expect(result.ok).toBe(true);
    const [message] = emu.messages(dm);
    expect(message?.text).toBe("Your export");
    const [shared] = message!.files as Array<{ id: string; name: string; ims: string[] }>;
    expect(shared).toMatchObject({ name: "deals.csv", ims: [dm] });
    expect(emu.fileContent(shared!.id)?.toString()).toBe("Reference,Name\r\nD-1,Acme\r\n");
  });

  it("needs files:write", async () => {
    emu = await startDemoEmulator({ botScopes: ["chat:write", "im:write"] });
    expect(
      await slackError(() => clientFor(emu!).files.getUploadURLExternal({ filename: "a.csv", length: 3 })),
    ).toBe("missing_scope");
  });

  it("refuses to complete an upload whose bytes never arrived, or an unknown channel", async () => {
    emu = await startDemoEmulator();
    const client = clientFor(emu);
    const { file_id } = await client.files.getUploadURLExternal({ filename: "a.csv", length: 3 });
    expect(await slackError(() => client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).toBe(
      "file_not_found",
    );
    expect(
      await slackError(() =>
        client.filesUploadV2({ channel_id: "C0NOWHERE1", filename: "a.csv", content: "abc" }),
      ),
    ).toBe("invalid_channel");
  });
});

describe("users.lookupByEmail", () => {
  it("finds a person by email, any case, and says users_not_found otherwise", async () => {
    emu = await startDemoEmulator();
    const client = clientFor(emu);
    const found = await client.users.lookupByEmail({ email: "ANA@handoff-demo.test" });
    expect(found.user?.id).toBe("U0ANA");
    expect(await slackError(() => client.users.lookupByEmail({ email: "nobody@x.example" }))).toBe(
      "users_not_found",
    );
  });

  it("needs users:read.email", async () => {
    emu = await startDemoEmulator({ botScopes: ["users:read"] });
    expect(
      await slackError(() => clientFor(emu!).users.lookupByEmail({ email: "ana@handoff-demo.test" })),
    ).toBe("missing_scope");
  });
});

describe("users.list", () => {
  it("pages through everyone with users:read, and needs it", async () => {
    emu = await startDemoEmulator();
    const client = clientFor(emu);
    const first = await client.users.list({ limit: 2 });
    expect(first.members).toHaveLength(2);
    const rest = await client.users.list({ cursor: first.response_metadata!.next_cursor! });
    const everyone = [...first.members!, ...rest.members!].map((u) => u.id);
    expect(everyone).toContain("U0ANA");
    expect(everyone).toHaveLength(emu.users().length);
    await emu.stop();
    emu = await startDemoEmulator({ botScopes: ["chat:write"] });
    expect(await slackError(() => clientFor(emu!).users.list({}))).toBe("missing_scope");
  });
});

import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SlackEmulator } from "@handoff/slack-emulator";
import {
  BodyTooLargeError,
  type DriverResponse,
  FILE_INPUT_MAX_BYTES,
  readBody,
  readBodyBytes,
  type SlackDriver,
  SlackDriverError,
  sendJson,
  type Where,
} from "@handoff/slack-emulator";
import type { CustomRoute } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../lib/logger.ts";
import { escapeCommandText } from "./command-text.ts";
import type { PageAnswer, PageNotice, SlashCommandInfo } from "./page-contract.ts";
import { pageScript } from "./page-script.ts";
import { refuseForeignRequest } from "./same-origin.ts";
import { buildScreen } from "./screen.ts";

const STATIC_FILES = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/sandbox/page.css": { file: "page.css", type: "text/css; charset=utf-8" },
  "/sandbox/blocks.css": { file: "blocks.css", type: "text/css; charset=utf-8" },
} as const;

const STATIC_DIR = new URL("./static/", import.meta.url);
/** Where the page POSTs a file the person attaches to a modal (raw bytes, not JSON). */
const UPLOAD_PATH = "/sandbox/api/upload";
const MANIFEST = new URL("../../../manifests/slack-app.http.json", import.meta.url);

const rawValue = z.union([z.string(), z.array(z.string()), z.null()]);
const rawValues = z.record(z.string(), z.record(z.string(), rawValue));
const userId = z.string().min(1);

const SendBody = z.object({
  user: userId,
  channel: z.string().min(1),
  threadTs: z.string().optional(),
  text: z.string().trim().min(1).max(40_000),
});
const Surface = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), channel: z.string(), ts: z.string() }),
  z.object({ kind: z.literal("ephemeral"), channel: z.string(), ts: z.string() }),
  z.object({ kind: z.literal("home") }),
  z.object({ kind: z.literal("modal"), viewId: z.string() }),
]);
const ActionBody = z.object({
  user: userId,
  surface: Surface,
  blockId: z.string(),
  actionId: z.string(),
  value: rawValue.optional(),
  values: rawValues.optional(),
});
const SubmitBody = z.object({ user: userId, viewId: z.string(), values: rawValues });
const CloseBody = z.object({ user: userId, viewId: z.string() });
const PersonBody = z.object({ user: userId });

interface Answer {
  status: number;
  body: PageAnswer;
}

type SeedDemo = (progress: (text: string) => void) => Promise<string>;

/**
 * The sandbox page on the app's port: static files, the screen of whoever is looking, a
 * stream of changes, and what the person does (commands, clicks, modal submits) sent to the
 * app by the driver exactly as Slack would send it.
 */
export class SandboxPage {
  private driver: SlackDriver | undefined;
  private seedDemoData: SeedDemo | undefined;
  private seeding: Promise<string> | undefined;
  private api: { token: string | undefined; baseUrl: string } = { token: undefined, baseUrl: "" };
  private readonly streams = new Set<ServerResponse>();
  private readonly emulator: SlackEmulator;
  private readonly logger: Logger;
  private readonly commands: SlashCommandInfo[];
  private readonly loopbackOnly: boolean;
  // A comment line now and then keeps idle event streams open through proxies.
  private readonly keepAlive = setInterval(() => {
    for (const stream of this.streams) stream.write(": keep-alive\n\n");
  }, 20_000).unref();

  /** loopbackOnly: the app listens on loopback, so only loopback host names are genuine. */
  constructor(options: { emulator: SlackEmulator; logger: Logger; loopbackOnly: boolean }) {
    this.emulator = options.emulator;
    this.loopbackOnly = options.loopbackOnly;
    this.logger = options.logger.child({ component: "sandbox-page" });
    this.commands = readCommands();
    this.emulator.events.on("change", (change) => {
      if (change.type !== "api_call") this.broadcast("change", change);
    });
  }

  /** The driver exists once the app listens; requests before that are told to wait. */
  connect(parts: { driver: SlackDriver; seedDemo: SeedDemo }): void {
    this.driver = parts.driver;
    this.seedDemoData = parts.seedDemo;
  }

  /** The demo's read-write API token, for the page's API panel (undefined until the demo data). */
  setApiToken(token: string | undefined, baseUrl: string): void {
    this.api = { token, baseUrl };
    this.broadcast("change", { type: "api_token" });
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  /** Working curl commands against this sandbox with the demo's token. */
  private curls(): string[] {
    const { token, baseUrl } = this.api;
    if (!token) return [];
    const auth = `-H "Authorization: Bearer ${token}"`;
    return [
      `curl ${auth} "${baseUrl}/api/v1/deals?limit=5"`,
      `curl ${auth} ${baseUrl}/api/v1/deals/D-1`,
      `curl ${auth} -H "Content-Type: application/json" -d '{"name":"Vandelay import","company":"Vandelay","amount":"9000"}' ${baseUrl}/api/v1/deals`,
      `curl ${auth} -H "Content-Type: application/json" -d '{"stage":"Qualified"}' ${baseUrl}/api/v1/deals/D-3/move`,
      `curl ${auth} ${baseUrl}/api/v1/projects`,
      `curl ${baseUrl}/api/v1/openapi.json`,
    ];
  }

  routes(): CustomRoute[] {
    return this.unguardedRoutes().map((route) => ({
      ...route,
      handler: (req, res) => {
        const api = route.path.startsWith("/sandbox/api/");
        const bytes = route.path === UPLOAD_PATH;
        const refusal = refuseForeignRequest(req, { loopbackOnly: this.loopbackOnly, api, bytes });
        if (!refusal) return route.handler(req, res);
        this.logger.warn(
          { path: route.path, origin: req.headers.origin, host: req.headers.host },
          "refused a request from outside the sandbox page",
        );
        sendJson(res, refusal.status, { ok: false, error: refusal.error });
      },
    }));
  }

  private unguardedRoutes(): CustomRoute[] {
    const statics: CustomRoute[] = Object.entries(STATIC_FILES).map(([path, { file, type }]) => ({
      path,
      method: ["GET"],
      handler: (_req, res) => {
        // Read on each request: editing the page needs no restart.
        const body = readFileSync(new URL(file, STATIC_DIR));
        res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
        res.end(body);
      },
    }));
    statics.push({
      path: "/sandbox/app.js",
      method: ["GET"],
      handler: (_req, res) => {
        pageScript().then(
          (body) => {
            res.writeHead(200, {
              "content-type": "text/javascript; charset=utf-8",
              "cache-control": "no-store",
            });
            res.end(body);
          },
          (error: unknown) => {
            this.logger.error({ err: error }, "the page script could not be read");
            res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
            res.end("The sandbox page's script could not be read.");
          },
        );
      },
    });
    const post = (path: string, handle: (body: unknown) => Promise<Answer>): CustomRoute => ({
      path: `/sandbox/api/${path}`,
      method: ["POST"],
      handler: (req, res) => {
        this.answer(req, res, handle).catch((error: unknown) => {
          this.logger.error({ err: error }, "sandbox request failed");
          if (!res.headersSent) sendJson(res, 500, { ok: false, error: "The sandbox failed; see its log." });
        });
      },
    });
    return [
      ...statics,
      { path: "/sandbox/api/screen", method: ["GET"], handler: (req, res) => this.screen(req, res) },
      { path: "/sandbox/api/events", method: ["GET"], handler: (req, res) => this.events(req, res) },
      {
        path: "/sandbox/api/api-token",
        method: ["GET"],
        handler: (_req, res) => sendJson(res, 200, { token: this.api.token ?? null, curls: this.curls() }),
      },
      {
        path: "/sandbox/api/commands",
        method: ["GET"],
        handler: (_req, res) => sendJson(res, 200, { commands: this.commands }),
      },
      {
        path: UPLOAD_PATH,
        method: ["POST"],
        handler: (req, res) => {
          this.upload(req, res).catch((error: unknown) => {
            this.logger.error({ err: error }, "sandbox upload failed");
            if (!res.headersSent)
              sendJson(res, 500, { ok: false, error: "The sandbox failed; see its log." });
          });
        },
      },
      { path: "/sandbox/files/:id", method: ["GET"], handler: (req, res) => this.download(req, res) },
      post("send", (body) => this.send(SendBody.parse(body))),
      post("action", (body) => this.act(ActionBody.parse(body))),
      post("submit", (body) => this.submit(SubmitBody.parse(body))),
      post("close", (body) => this.closeModal(CloseBody.parse(body))),
      post("home", (body) => this.openHome(PersonBody.parse(body))),
      post("demo", async () => this.startDemo()),
    ];
  }

  // ---- reading ----

  private screen(req: IncomingMessage, res: ServerResponse): void {
    const query = new URL(req.url ?? "/", "http://sandbox").searchParams;
    const user = query.get("user") ?? "";
    const state = this.emulator.snapshot();
    if (!state.users[user] || state.users[user]?.is_bot) {
      sendJson(res, 404, { ok: false, error: `No person ${user} in the sandbox.` });
      return;
    }
    const open = query.get("open") || "home";
    const thread = query.get("thread") || undefined;
    sendJson(res, 200, buildScreen(state, { userId: user, open, threadTs: thread }));
  }

  private events(_req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write("retry: 1000\n\n");
    this.streams.add(res);
    res.on("close", () => this.streams.delete(res));
  }

  private broadcast(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of this.streams) stream.write(frame);
  }

  private broadcastNotice(notice: PageNotice): void {
    this.broadcast("notice", notice);
  }

  /** A shared or attached file's bytes, for the page's download links: no token needed. */
  private download(req: IncomingMessage, res: ServerResponse): void {
    const id = (req as IncomingMessage & { params?: Record<string, string> }).params?.id ?? "";
    const file = this.emulator.files().find((f) => f.id === id);
    const content = file ? this.emulator.fileContent(id) : undefined;
    if (!file || !content) {
      sendJson(res, 404, { ok: false, error: `No file ${id.slice(0, 40)} in the sandbox.` });
      return;
    }
    const name = String(file.name);
    res.writeHead(200, {
      "content-type": String(file.mimetype),
      "content-length": content.length,
      // Always a download, never a page of this origin: an uploaded file could be HTML.
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
    res.end(content);
  }

  // ---- doing ----

  /**
   * A person attaches a file in a modal: the bytes become their uploaded file in the emulator,
   * and its id goes into the submitted view state as Slack's client would put the file there.
   */
  private async upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const query = new URL(req.url ?? "/", "http://sandbox").searchParams;
    const user = query.get("user") ?? "";
    const name = (query.get("name") ?? "").trim();
    if (!this.emulator.users().some((u) => u.id === user && !u.is_bot)) {
      sendJson(res, 404, { ok: false, error: `No person ${user.slice(0, 40)} in the sandbox.` });
      return;
    }
    if (name === "" || name.length > 255) {
      sendJson(res, 400, { ok: false, error: "A file needs a name of at most 255 characters." });
      return;
    }
    let content: Buffer;
    try {
      content = await readBodyBytes(req, FILE_INPUT_MAX_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(res, 413, { ok: false, error: `${name} is over 10 MB, more than Slack lets you attach.` });
      return;
    }
    const file = this.emulator.uploadUserFile(user, { name, content });
    sendJson(res, 200, { ok: true, file: { id: file.id, name: file.name } });
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    handle: (body: unknown) => Promise<Answer>,
  ): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      sendJson(res, 400, { ok: false, error: "The request body is not JSON." });
      return;
    }
    try {
      const answer = await handle(body);
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      if (error instanceof z.ZodError) {
        const issue = error.issues[0];
        sendJson(res, 400, { ok: false, error: `Bad request: ${issue?.path.join(".")} ${issue?.message}` });
      } else if (error instanceof SlackDriverError) {
        // The page showed something that has changed since (a closed modal, a replaced message).
        sendJson(res, 409, { ok: false, error: error.message });
      } else throw error;
    }
  }

  private async send(body: z.infer<typeof SendBody>): Promise<Answer> {
    const driver = this.requireDriver();
    const text = body.text;
    // The page's "dm" is the person's conversation with the app, opened on first use.
    const channel = body.channel === "dm" ? this.emulator.openDm(body.user) : body.channel;
    if (text.startsWith("/")) {
      const command = text.split(/\s+/)[0] ?? "";
      const known = this.commands.some((c) => c.command === command);
      if (!known) {
        return notice(
          `${command} is not a valid command. In Slack, messages that start with "/" are commands.`,
        );
      }
      const argument = text.slice(command.length).trim();
      const response = await driver.command(
        body.user,
        command,
        escapeCommandText(argument, {
          people: this.emulator.users(),
          channelNamed: (name) => this.emulator.channelByName(name),
        }),
        {
          channelId: channel,
        },
      );
      return fromResponse(response, command);
    }
    await driver.userMessage(body.user, channel, text, body.threadTs ? { threadTs: body.threadTs } : {});
    return { status: 200, body: { ok: true } };
  }

  private async act(body: z.infer<typeof ActionBody>): Promise<Answer> {
    const driver = this.requireDriver();
    const surface = body.surface;
    let where: Where;
    if (surface.kind === "message") where = { channelId: surface.channel, ts: surface.ts };
    else if (surface.kind === "ephemeral")
      where = { ephemeralOf: body.user, channelId: surface.channel, ts: surface.ts };
    else if (surface.kind === "home") where = { view: "home" };
    else {
      if (this.emulator.openModal(body.user)?.id !== surface.viewId)
        throw new SlackDriverError("That modal is no longer open.");
      where = { view: "modal" };
    }
    const response = await driver.act(
      body.user,
      where,
      {
        blockId: body.blockId,
        actionId: body.actionId,
        ...(body.value !== undefined ? { value: body.value } : {}),
      },
      body.values ?? {},
    );
    return fromResponse(response);
  }

  private async submit(body: z.infer<typeof SubmitBody>): Promise<Answer> {
    const result = await this.requireDriver().submitViewValues(body.user, body.viewId, body.values);
    // Slack's own checks (a required field left empty) are shown on the modal, nothing is sent.
    if ("problems" in result) return { status: 200, body: { ok: true } };
    return fromResponse(result);
  }

  private async closeModal(body: z.infer<typeof CloseBody>): Promise<Answer> {
    if (this.emulator.openModal(body.user)?.id !== body.viewId) return { status: 200, body: { ok: true } };
    const response = await this.requireDriver().closeView(body.user);
    return response ? fromResponse(response) : { status: 200, body: { ok: true } };
  }

  private async openHome(body: z.infer<typeof PersonBody>): Promise<Answer> {
    return fromResponse(await this.requireDriver().appHomeOpened(body.user));
  }

  private startDemo(): Answer {
    if (!this.seedDemoData) return notice("The sandbox is still starting.");
    if (this.seeding) return notice("Demo data is already being added.");
    this.seedDemo().catch(() => {});
    return { status: 202, body: { ok: true } };
  }

  /** Adds the demo data once at a time, telling every open page how it goes. */
  seedDemo(): Promise<string> {
    const seedDemoData = this.seedDemoData;
    if (!seedDemoData) return Promise.reject(new Error("The sandbox is still starting."));
    if (this.seeding) return this.seeding;
    this.broadcastNotice({ text: "Adding demo data…" });
    this.seeding = seedDemoData((text) => this.broadcastNotice({ text, progress: true }))
      .then(
        (summary) => {
          this.broadcastNotice({ text: summary });
          return summary;
        },
        (error: unknown) => {
          this.logger.error({ err: error }, "demo data failed");
          this.broadcastNotice({ text: `Demo data could not be added: ${(error as Error).message}` });
          throw error;
        },
      )
      .finally(() => {
        this.seeding = undefined;
      });
    return this.seeding;
  }

  private requireDriver(): SlackDriver {
    if (!this.driver) throw new SlackDriverError("The sandbox is still starting; try again in a moment.");
    return this.driver;
  }
}

function notice(text: string): Answer {
  return { status: 200, body: { ok: true, notice: text } };
}

/** What Slack would show when the app's answer did not work. */
function fromResponse(response: DriverResponse, command?: string): Answer {
  const what = command ?? "That action";
  if (response.timedOut)
    return notice(
      `${what} failed with the error "operation_timeout": Handoff did not answer within 3 seconds.`,
    );
  if (response.status !== 200)
    return notice(`${what} failed with the error "http_error_${response.status}".`);
  if (response.outcome.kind === "rejected") {
    const details = response.outcome.messages?.join("; ");
    return notice(
      `Slack could not use Handoff's answer (${response.outcome.reason}${details ? `: ${details}` : ""}).`,
    );
  }
  return { status: 200, body: { ok: true } };
}

function readCommands(): SlashCommandInfo[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as {
    features?: { slash_commands?: SlashCommandInfo[] };
  };
  return (manifest.features?.slash_commands ?? []).map(({ command, description, usage_hint }) => ({
    command,
    description,
    usage_hint,
  }));
}

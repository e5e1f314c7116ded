import type { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { EmulatorLogger } from "../logger.ts";
import { type Args, optionalString } from "./args.ts";
import { validateView } from "./block-kit-validator.ts";
import { DEMO_TEAM } from "./demo-workspace.ts";
import { isDocumentedError } from "./error-vocabulary.ts";
import { blockProblemsError, SlackApiError } from "./errors.ts";
import {
  type Fault,
  FaultInjector,
  type FaultSpec,
  KeyedTokenBucket,
  type TokenBucketConfig,
} from "./faults.ts";
import { FileArchive } from "./file-archive.ts";
import { type EmulatorFile, EmulatorFiles, MAX_EMULATED_FILE_BYTES } from "./files.ts";
import {
  BodyTooLargeError,
  bearerToken,
  parseArgs,
  readableArgs,
  readBodyBytes,
  sendJson,
  sendText,
} from "./http.ts";
import { METHODS } from "./methods/index.ts";
import {
  applyMessageResponse,
  handleResponseUrlPost,
  type MessageResponseOutcome,
  type MessageResponseTarget,
} from "./response-url.ts";
import { scopesFor } from "./scopes.ts";
import { SocketModeHub } from "./socket-mode.ts";
import { EmulatorStore } from "./store.ts";
import type {
  BotIdentity,
  EmulatorChange,
  EmulatorChannel,
  EmulatorChannelInput,
  EmulatorEphemeral,
  EmulatorEventMap,
  EmulatorMessage,
  EmulatorStateData,
  EmulatorUser,
  EmulatorUserInput,
  EmulatorView,
  ResponseUrlSource,
  TeamInfo,
  ViewStateValues,
} from "./types.ts";

export interface SlackEmulatorOptions {
  /** 0 (default) picks a free port. The server binds 127.0.0.1 only. */
  port?: number;
  /** The one valid bot token. */
  botToken: string;
  team?: TeamInfo;
  bot?: Partial<BotIdentity>;
  users?: EmulatorUserInput[];
  channels?: EmulatorChannelInput[];
  /** How long a trigger_id can be exchanged; Slack's is about 3 seconds. */
  triggerTtlMs?: number;
  /** Clock in milliseconds, for trigger expiry, response_url expiry, rate limits and ts values. */
  now?: () => number;
  /** Off unless given. Slack allows about one chat.postMessage per second per channel. */
  rateLimits?: { postMessagePerChannel?: TokenBucketConfig };
  /** A workspace saved from an earlier run (see `snapshot()`), taken back at start. */
  savedState?: EmulatorStateData;
  /**
   * Keep files (their bytes and what files.info says) in this directory, and serve the ones
   * already there: with `savedState`, messages that share files still lead to them after a
   * restart. Left out, files live in memory only.
   */
  fileDir?: string;
  /**
   * The bot token's scopes, as the app's manifest grants them (see `manifestBotScopes`): a call
   * whose method needs a scope not in the list gets `missing_scope`, and posting in a public
   * channel without being in it needs `chat:write.public`. Left out, every scope is granted.
   */
  botScopes?: readonly string[];
  /**
   * The app-level token (xapp-…, scope connections:write) that may call apps.connections.open
   * and connect over Socket Mode. Without it, Socket Mode is refused with invalid_auth.
   */
  appToken?: string;
  logger?: EmulatorLogger;
}

export interface EmulatorCall {
  method: string;
  /** Decoded arguments (JSON strings parsed), without the token. */
  args: Args;
  status: number;
  response: unknown;
  at: number;
}

export interface WaitForOptions {
  timeoutMs?: number;
  /** Described in the timeout error; defaults to the probe's source. */
  description?: string;
}

export type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

export const DEFAULT_TEAM: TeamInfo = DEMO_TEAM;
export const DEFAULT_BOT: BotIdentity = {
  userId: "U0HANDOFFBOT",
  botId: "B0HANDOFF",
  appId: "A0HANDOFF",
  name: "handoff",
};

/**
 * An in-process Slack: the Web API methods Handoff uses, response_url, triggers, modals and
 * Home tabs, with Slack's errors and limits, fault injection and an inspection API.
 */
export class SlackEmulator {
  readonly url: string;
  /** What the app gets as SLACK_API_URL (web-api `slackApiUrl`). */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly events: EventEmitter<EmulatorEventMap>;
  private readonly callLog: EmulatorCall[] = [];
  private readonly recentChanges: EmulatorChange[] = [];
  private readonly faults = new FaultInjector();
  private readonly postLimiter: KeyedTokenBucket | undefined;
  /** undefined: every scope granted. */
  private readonly botScopes: ReadonlySet<string> | undefined;
  private readonly appToken: string | undefined;
  /** Socket Mode: the app's WebSocket connections and the envelopes sent to them. */
  readonly socketMode: SocketModeHub;
  private readonly fileStore: EmulatorFiles;
  private readonly fileArchive: FileArchive | undefined;

  private constructor(
    private readonly server: Server,
    private readonly store: EmulatorStore,
    options: SlackEmulatorOptions,
    private readonly logger: EmulatorLogger | undefined,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.url}/api/`;
    this.botToken = options.botToken;
    this.events = store.events;
    const limit = options.rateLimits?.postMessagePerChannel;
    this.postLimiter = limit ? new KeyedTokenBucket(limit, store.now) : undefined;
    this.botScopes = options.botScopes ? new Set(options.botScopes) : undefined;
    this.appToken = options.appToken;
    this.socketMode = new SocketModeHub(store.state.bot.appId, logger);
    this.fileArchive = options.fileDir ? new FileArchive(options.fileDir, logger) : undefined;
    this.fileStore = new EmulatorFiles(
      () => store.nextId("F"),
      store.now,
      () => this.url,
      () => store.state.team.id,
      this.fileArchive,
    );
    this.socketMode.attach(server);
    this.events.on("change", (change) => {
      this.recentChanges.push(change);
      if (this.recentChanges.length > 50) this.recentChanges.shift();
    });
  }

  static async start(options: SlackEmulatorOptions): Promise<SlackEmulator> {
    const store = new EmulatorStore({
      team: options.team ?? DEFAULT_TEAM,
      bot: { ...DEFAULT_BOT, ...options.bot },
      now: options.now ?? Date.now,
      triggerTtlMs: options.triggerTtlMs ?? 3000,
    });
    for (const user of options.users ?? []) store.addUser(user);
    for (const channel of options.channels ?? []) store.addChannel(channel);
    if (options.savedState) store.restore(options.savedState);
    const logger = options.logger?.child({ component: "slack-emulator" });

    let emulator: SlackEmulator | undefined;
    const server = createServer((req, res) => {
      if (!emulator) return sendText(res, 503, "starting");
      emulator.route(req, res).catch((error: unknown) => {
        logger?.error({ err: error }, "emulator request failed");
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: "fatal_error" });
        else res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    emulator = new SlackEmulator(server, store, options, logger);
    await emulator.restoreFiles();
    logger?.info({ url: emulator.url }, "slack emulator listening");
    return emulator;
  }

  /** The files an earlier run kept on disk, served again. */
  private async restoreFiles(): Promise<void> {
    for (const { file, content } of (await this.fileArchive?.load()) ?? [])
      this.fileStore.restore(file, content);
  }

  async stop(): Promise<void> {
    await this.fileArchive?.flush();
    this.socketMode.closeAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- identity ----

  get team(): TeamInfo {
    return { ...this.store.state.team };
  }

  get bot(): BotIdentity {
    return { ...this.store.state.bot };
  }

  /** The bot token's scopes, or undefined when every scope is granted. */
  get grantedScopes(): string[] | undefined {
    return this.botScopes ? [...this.botScopes] : undefined;
  }

  // ---- inspection (copies: callers cannot change the state by accident) ----

  get calls(): readonly EmulatorCall[] {
    return this.callLog;
  }

  callsTo(method: string): EmulatorCall[] {
    return this.callLog.filter((c) => c.method === method);
  }

  clearCalls(): void {
    this.callLog.length = 0;
  }

  /** The whole state as plain data, e.g. for a sandbox page. */
  snapshot(): EmulatorStateData {
    return structuredClone(this.store.state);
  }

  user(id: string): EmulatorUser | undefined {
    return clone(this.store.user(id));
  }

  users(): EmulatorUser[] {
    return structuredClone(Object.values(this.store.state.users));
  }

  channel(id: string): EmulatorChannel | undefined {
    return clone(this.store.channel(id));
  }

  channelByName(name: string): EmulatorChannel | undefined {
    return clone(this.store.channelByName(name));
  }

  /** Top-level messages in channel order, or with `threadTs` that thread's replies (parent excluded). */
  messages(channelId: string, options: { threadTs?: string } = {}): EmulatorMessage[] {
    return structuredClone(this.store.listMessages(channelId, options.threadTs));
  }

  message(channelId: string, ts: string): EmulatorMessage | undefined {
    return clone(this.store.findMessage(channelId, ts));
  }

  /** Ephemeral messages one person can see, oldest first. */
  ephemerals(userId: string, channelId?: string): EmulatorEphemeral[] {
    return structuredClone(
      this.store.state.ephemerals.filter(
        (e) => e.recipient === userId && (channelId === undefined || e.channel === channelId),
      ),
    );
  }

  /** The modal the person is looking at (top of their stack). */
  openModal(userId: string): EmulatorView | undefined {
    return clone(this.store.topModal(userId));
  }

  modalStack(userId: string): EmulatorView[] {
    return structuredClone(this.store.modalStack(userId));
  }

  homeView(userId: string): EmulatorView | undefined {
    return clone(this.store.homeView(userId));
  }

  view(viewId: string): EmulatorView | undefined {
    return clone(this.store.view(viewId));
  }

  /** Files people attached or the app uploaded (completed uploads only), as files.info shows them. */
  files(): Array<Record<string, unknown>> {
    return this.fileStore.list().map((f) => this.fileStore.toSlack(f));
  }

  /** A file's bytes, as its url_private_download serves them. */
  fileContent(fileId: string): Buffer | undefined {
    const content = this.fileStore.content(fileId);
    return content ? Buffer.from(content) : undefined;
  }

  /**
   * A person uploads a file, as attaching it to a modal's file_input does: the file object
   * Slack then puts in the view's state (`{ type: "file_input", files: [this] }`).
   */
  uploadUserFile(
    userId: string,
    file: { name: string; content: string | Buffer; mimetype?: string },
  ): Record<string, unknown> {
    this.store.requireUser(userId);
    const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
    const created: EmulatorFile = this.fileStore.addUploaded(userId, file.name, content, file.mimetype);
    return this.fileStore.toSlack(created);
  }

  /** The bot's DM with this person, if it has been opened. */
  dmChannelId(userId: string): string | undefined {
    return this.store.state.dms[userId];
  }

  // ---- setup and people's actions ----

  addUser(input: EmulatorUserInput): EmulatorUser {
    return structuredClone(this.store.addUser(input));
  }

  addChannel(input: EmulatorChannelInput): EmulatorChannel {
    return structuredClone(this.store.addChannel(input));
  }

  setChannelMember(channelId: string, userId: string, member: boolean): void {
    this.store.setMembership(channelId, userId, member);
  }

  archiveChannel(channelId: string, archived = true): void {
    this.store.setArchived(channelId, archived);
  }

  /** A direct message between two people, which the app is not part of and cannot post in. */
  addDirectMessage(userA: string, userB: string): EmulatorChannel {
    return structuredClone(this.store.addPeopleDm(userA, userB));
  }

  /** Opens (or returns) the bot's DM with a person, as Slack does when they open the app. */
  openDm(userId: string): string {
    return this.store.openDm(userId).channel.id;
  }

  /** A person writes in a channel (the driver then tells the app with a message event). */
  postUserMessage(
    userId: string,
    channelId: string,
    text: string,
    options: { threadTs?: string } = {},
  ): EmulatorMessage {
    const channel = this.store.channel(channelId);
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    if (!this.store.isMember(channel, userId)) throw new Error(`${userId} is not a member of ${channelId}`);
    const message = this.store.postMessage(
      channelId,
      { text },
      { userId, asBot: false },
      options.threadTs ? { threadTs: options.threadTs } : {},
    );
    return structuredClone(message);
  }

  /** A message as the app itself posted it, for seeding what the app made earlier (benchmarks). */
  postAppMessage(channelId: string, text: string, options: { threadTs?: string } = {}): EmulatorMessage {
    if (!this.store.channel(channelId)) throw new Error(`unknown channel ${channelId}`);
    const message = this.store.postMessage(
      channelId,
      { text },
      { userId: this.store.state.bot.userId, asBot: true },
      options.threadTs ? { threadTs: options.threadTs } : {},
    );
    return structuredClone(message);
  }

  issueTriggerId(userId: string): string {
    return this.store.issueTrigger(userId);
  }

  /** A response_url for an interaction, `${url}/response/<id>`. */
  issueResponseUrl(target: { channelId: string; userId: string; source?: ResponseUrlSource }): string {
    return `${this.url}/response/${this.store.issueResponseUrl(target.channelId, target.userId, target.source)}`;
  }

  /** Slack's handling of a message response (response_url body or slash command ack body). */
  applyMessageResponse(
    target: MessageResponseTarget,
    payload: Record<string, unknown>,
    via: "response_url" | "command_ack",
  ): MessageResponseOutcome {
    return applyMessageResponse(this.store, target, payload, via);
  }

  /** `response_action: "errors"`: errors by block_id, kept on the view for display. */
  setViewErrors(viewId: string, errors: Record<string, string> | undefined): void {
    this.store.setViewErrors(viewId, errors);
  }

  setViewState(viewId: string, values: ViewStateValues): void {
    this.store.setViewState(viewId, values);
  }

  setViewStateValue(viewId: string, blockId: string, actionId: string, value: Record<string, unknown>): void {
    this.store.setViewStateValue(viewId, blockId, actionId, value);
  }

  /** `response_action: "update"`; the view is validated as views.update would. */
  replaceView(viewId: string, view: unknown): EmulatorView {
    return structuredClone(this.store.updateView(viewId, checkedView(view)));
  }

  /** `response_action: "push"`; push limit applies. */
  pushView(userId: string, view: unknown): EmulatorView {
    return structuredClone(this.store.pushModal(userId, checkedView(view)));
  }

  closeTopModal(userId: string): EmulatorView | undefined {
    return clone(this.store.closeTopModal(userId));
  }

  closeAllModals(userId: string): EmulatorView[] {
    return structuredClone(this.store.closeAllModals(userId));
  }

  // ---- faults ----

  /**
   * Makes the next matching request(s) fail; returns a function that removes the fault. An
   * `ok:false` error must be one Slack documents for the method (see error-vocabulary.ts), so a
   * test cannot rehearse an error real Slack never sends.
   */
  injectFault(spec: FaultSpec): () => void {
    if (spec.fault.kind === "error" && !isDocumentedError(spec.method, spec.fault.error))
      throw new Error(`injectFault: Slack does not document "${spec.fault.error}" for ${spec.method}`);
    return this.faults.inject(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Faults not yet taken: 0 once a request has met the last one (a delayed one is then under way). */
  get pendingFaults(): number {
    return this.faults.pending;
  }

  // ---- waiting ----

  /**
   * Resolves with the probe's first truthy value. Re-checked on every change (and every
   * 50 ms, for probes that look outside the emulator); rejects with context on timeout.
   */
  waitFor<T>(probe: () => T, options: WaitForOptions = {}): Promise<Truthy<T>> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const startedAt = this.callLog.length;
    const changesSeen: EmulatorChange[] = [];
    return new Promise<Truthy<T>>((resolve, reject) => {
      let lastValue: unknown;
      let lastError: unknown;
      let done = false;
      const finish = () => {
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        this.events.off("change", onChange);
      };
      const check = () => {
        if (done) return;
        try {
          const value = probe();
          lastValue = value;
          lastError = undefined;
          if (value) {
            finish();
            resolve(value as Truthy<T>);
          }
        } catch (error) {
          lastError = error;
        }
      };
      const onChange = (change: EmulatorChange) => {
        changesSeen.push(change);
        check();
      };
      const timer = setTimeout(() => {
        finish();
        const calls = this.callLog.slice(startedAt).map(describeCall);
        const lines = [
          `waitFor timed out after ${timeoutMs} ms waiting for: ${options.description ?? probe.toString()}`,
          lastError ? `last probe error: ${String(lastError)}` : `last value: ${safeJson(lastValue)}`,
          `changes meanwhile: ${changesSeen.length === 0 ? "none" : changesSeen.map((c) => safeJson(c)).join(", ")}`,
          `API calls meanwhile: ${calls.length === 0 ? "none" : calls.join(", ")}`,
        ];
        reject(new Error(lines.join("\n")));
      }, timeoutMs);
      const poll = setInterval(check, 50);
      this.events.on("change", onChange);
      check();
    });
  }

  // ---- HTTP ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const upload = url.pathname.startsWith("/upload/v1/") && req.method === "POST";
    let bytes: Buffer;
    try {
      bytes = await readBodyBytes(req, upload ? MAX_EMULATED_FILE_BYTES : undefined);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendJson(res, 413, { ok: false, error: "request_too_large" });
      throw error;
    }
    if (upload) {
      const content = uploadedBytes(req.headers["content-type"], bytes);
      return send(res, this.receiveUpload(url.pathname.slice("/upload/v1/".length), content));
    }
    if (url.pathname.startsWith("/files-pri/") && req.method === "GET") {
      return this.serveFile(url.pathname, bearerToken(req), res);
    }
    const raw = bytes.toString("utf8");
    if (url.pathname.startsWith("/api/")) {
      const method = decodeURIComponent(url.pathname.slice("/api/".length));
      const parsed = parseArgs(req.headers["content-type"], raw, url.searchParams);
      const token = bearerToken(req) ?? (parsed.ok ? optionalString(parsed.args, "token") : undefined);
      const result = parsed.ok
        ? await this.handleApiCall(method, parsed.args, token)
        : this.record(method, {}, { status: 200, body: { ok: false, error: parsed.error } });
      return send(res, result);
    }
    if (url.pathname.startsWith("/response/") && req.method === "POST") {
      const id = url.pathname.slice("/response/".length);
      return send(res, await this.handleResponseUrl(id, raw));
    }
    if (url.pathname === "/_emulator/state" && req.method === "GET")
      return sendJson(res, 200, this.snapshot());
    sendText(res, 404, "not found");
  }

  /** The POST of an upload's bytes to its upload_url (the URL is the credential, as Slack's is). */
  private receiveUpload(fileId: string, bytes: Buffer): HttpResult {
    const args: Args = { file_id: fileId, length: bytes.length };
    if (!this.fileStore.receive(fileId, bytes)) {
      return this.record("upload", args, { status: 404, body: "upload not found" });
    }
    return this.record("upload", args, { status: 200, body: `OK - ${bytes.length}` });
  }

  /**
   * url_private(_download): the bytes for the bot token with files:read. Without them Slack
   * answers 200 with its sign-in page (HTML), which an app must not take for the file.
   */
  private serveFile(pathname: string, token: string | undefined, res: ServerResponse): void {
    const file = this.fileStore.byPrivatePath(pathname);
    const content = file ? this.fileStore.content(file.id) : undefined;
    const allowed = token === this.botToken && this.hasScope("files:read");
    this.record("files.download", { path: pathname }, { status: allowed && content ? 200 : 404, body: {} });
    if (!allowed) {
      const page =
        "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>";
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-length": Buffer.byteLength(page),
      });
      res.end(page);
      return;
    }
    if (!file || !content) {
      sendText(res, 404, "file not found");
      return;
    }
    res.writeHead(200, {
      "content-type": file.mimetype,
      "content-length": content.length,
      "content-disposition": `attachment; filename="${encodeURIComponent(file.name)}"`,
    });
    res.end(content);
  }

  private async handleApiCall(method: string, args: Args, token: string | undefined): Promise<HttpResult> {
    const faulted = await this.applyFault(method);
    if (faulted) return this.record(method, args, faulted);

    if (method === "apps.connections.open")
      return this.record(method, args, this.openSocketConnection(token));

    const handler = METHODS[method];
    if (!handler)
      return this.record(method, args, ok200({ ok: false, error: "unknown_method", req_method: method }));
    if (!token) return this.record(method, args, ok200({ ok: false, error: "not_authed" }));
    if (token !== this.botToken)
      return this.record(method, args, ok200({ ok: false, error: "invalid_auth" }));

    const missing = this.missingScope(method, args);
    if (missing) return this.record(method, args, ok200(missing));

    if (method === "chat.postMessage" && this.postLimiter) {
      const verdict = this.postLimiter.take(optionalString(args, "channel") ?? "");
      if (!verdict.ok) return this.record(method, args, rateLimited(verdict.retryAfterSeconds));
    }

    try {
      const result = handler(args, {
        store: this.store,
        files: this.fileStore,
        hasScope: (scope) => this.hasScope(scope),
      });
      return this.record(method, args, ok200({ ok: true, ...result }));
    } catch (error) {
      if (error instanceof SlackApiError) return this.record(method, args, ok200(error.body()));
      this.logger?.error({ err: error, method }, "emulator method failed");
      return this.record(method, args, ok200({ ok: false, error: "fatal_error" }));
    }
  }

  /** apps.connections.open takes only the app-level token, never the bot token. */
  private openSocketConnection(token: string | undefined): HttpResult {
    if (!token) return ok200({ ok: false, error: "not_authed" });
    if (token === this.botToken) return ok200({ ok: false, error: "not_allowed_token_type" });
    if (this.appToken === undefined || token !== this.appToken)
      return ok200({ ok: false, error: "invalid_auth" });
    return ok200({ ok: true, url: this.socketMode.issueUrl(this.url) });
  }

  private hasScope(scope: string): boolean {
    return this.botScopes === undefined || this.botScopes.has(scope);
  }

  /** Slack's answer when the token lacks the method's scope: what it needed and what it has. */
  private missingScope(method: string, args: Args): Record<string, unknown> | undefined {
    if (this.botScopes === undefined) return undefined;
    const needed = scopesFor(method, this.conversationOf(method, args));
    if (needed.length === 0 || needed.some((scope) => this.hasScope(scope))) return undefined;
    return {
      ok: false,
      error: "missing_scope",
      needed: needed.join(","),
      provided: [...this.botScopes].join(","),
    };
  }

  /** The conversation a call is about, when it can be told without side effects. */
  private conversationOf(method: string, args: Args): EmulatorChannel | undefined {
    if (method === "conversations.open" && !optionalString(args, "channel")) {
      const users = (optionalString(args, "users") ?? "").split(",").filter((u) => u.trim() !== "");
      return users.length === 1 ? ({ is_im: true, is_private: true } as EmulatorChannel) : undefined;
    }
    const arg = optionalString(args, "channel");
    if (!arg) return undefined;
    return this.store.channel(arg) ?? this.store.channelByName(arg);
  }

  private async handleResponseUrl(id: string, raw: string): Promise<HttpResult> {
    const args: Args = { response_url: id, body: safeParse(raw) };
    const faulted = await this.applyFault("response_url");
    if (faulted) return this.record("response_url", args, faulted);
    return this.record("response_url", args, handleResponseUrlPost(this.store, id, raw));
  }

  /** A fault's response, or undefined to carry on (after any delay). */
  private async applyFault(method: string): Promise<HttpResult | undefined> {
    const fault: Fault | undefined = this.faults.take(method);
    if (!fault) return undefined;
    this.logger?.debug({ method, fault }, "injecting fault");
    switch (fault.kind) {
      case "delay":
        await sleep(fault.ms);
        return undefined;
      case "error":
        return ok200({ ok: false, error: fault.error });
      case "rate_limited":
        return rateLimited(fault.retryAfterSeconds);
      case "http":
        return { status: fault.status, body: fault.body ?? { ok: false, error: `http_${fault.status}` } };
    }
  }

  private record(method: string, args: Args, result: HttpResult): HttpResult {
    const body = result.body as { ok?: unknown; error?: unknown } | undefined;
    this.callLog.push({
      method,
      args: readableArgs(args),
      status: result.status,
      response: result.body,
      at: this.store.now(),
    });
    const ok = body?.ok === true;
    const error = typeof body?.error === "string" ? body.error : undefined;
    this.logger?.debug({ method, status: result.status, ok, error }, "slack api call");
    this.store.emit({ type: "api_call", method, ok, ...(error ? { error } : {}) });
    return result;
  }
}

interface HttpResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function send(res: ServerResponse, result: HttpResult): void {
  if (typeof result.body === "string") sendText(res, result.status, result.body);
  else sendJson(res, result.status, result.body, result.headers);
}

/**
 * The file in an upload's body: the raw bytes, or (as web-api sends it) the first part of a
 * multipart/form-data body.
 */
function uploadedBytes(contentType: string | undefined, body: Buffer): Buffer {
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary}`);
  const start = body.indexOf(delimiter);
  if (start < 0) return body;
  const headersEnd = body.indexOf("\r\n\r\n", start);
  const end = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
  if (headersEnd < 0 || end < 0) return body;
  return body.subarray(headersEnd + 4, end);
}

function ok200(body: Record<string, unknown>): HttpResult {
  return { status: 200, body };
}

function rateLimited(retryAfterSeconds: number): HttpResult {
  return {
    status: 429,
    body: { ok: false, error: "ratelimited" },
    headers: { "retry-after": String(retryAfterSeconds) },
  };
}

function checkedView(view: unknown): Record<string, unknown> {
  const problems = validateView(view).map((p) => ({ ...p, pointer: `/view${p.pointer}` }));
  if (problems.length > 0) throw blockProblemsError("invalid_arguments", problems);
  return view as Record<string, unknown>;
}

function clone<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

function describeCall(call: EmulatorCall): string {
  const body = call.response as { ok?: unknown; error?: unknown } | undefined;
  return `${call.method}→${body?.ok === true ? "ok" : String(body?.error ?? call.status)}`;
}

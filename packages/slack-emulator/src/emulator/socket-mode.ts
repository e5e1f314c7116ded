import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { EmulatorLogger } from "../logger.ts";

/**
 * Slack's Socket Mode, server side: `apps.connections.open` hands out a one-time WebSocket URL;
 * on connect Slack says `hello`, then sends envelopes (`slash_commands`, `interactive`,
 * `events_api`) that the app acks with `{ envelope_id, payload }`; a `disconnect` message asks
 * the app to reconnect. Protocol: docs.slack.dev/apis/events-api/using-socket-mode.
 *
 * The WebSocket framing (RFC 6455) is written out here because no WebSocket server library is a
 * dependency: text frames, ping/pong and close are all Socket Mode uses.
 */

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface DeliverOptions {
  /** How long to wait for the ack (Slack's is 3 s). */
  ackTimeoutMs?: number;
  /** events_api retries carry these, as HTTP's X-Slack-Retry-* headers do. */
  retryAttempt?: number;
  retryReason?: string;
}

export type SocketAck =
  | { acked: true; payload: Record<string, unknown>; durationMs: number; envelope: SocketEnvelope }
  | { acked: false; durationMs: number; envelope: SocketEnvelope };

export interface SocketEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: unknown;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export type DisconnectReason = "warning" | "refresh_requested" | "link_disabled";

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const SOCKET_PATH = "/socket-mode/";

/** The connections of one app, and the envelopes waiting for their acks. */
export class SocketModeHub {
  private readonly tickets = new Set<string>();
  private readonly connections: WebSocketConnection[] = [];
  private readonly waitingAcks = new Map<string, (payload: Record<string, unknown>) => void>();
  private readonly connectionListeners = new Set<() => void>();
  private nextConnection = 0;
  /** Every connection ever accepted, for tests that count reconnects. */
  connectionsOpened = 0;

  constructor(
    private readonly appId: string,
    private readonly logger: EmulatorLogger | undefined,
  ) {}

  /** A one-time URL, as apps.connections.open returns. */
  issueUrl(httpBaseUrl: string): string {
    const ticket = randomBytes(12).toString("hex");
    this.tickets.add(ticket);
    return `${httpBaseUrl.replace(/^http/, "ws")}${SOCKET_PATH}${ticket}`;
  }

  /** Takes WebSocket upgrades on the emulator's HTTP server. */
  attach(server: Server): void {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
  }

  get openConnections(): number {
    return this.connections.length;
  }

  /** Resolves once at least `count` connections are open (after hello). */
  waitForConnections(count = 1, timeoutMs = 10_000): Promise<void> {
    if (this.connections.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.connections.length < count) return;
        clearTimeout(timer);
        this.connectionListeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.connectionListeners.delete(check);
        reject(new Error(`no ${count} Socket Mode connection(s) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.connectionListeners.add(check);
    });
  }

  /**
   * Sends one envelope to one connection (round robin, as Slack spreads them) and waits for its
   * ack. Waits for a connection first, so an envelope sent while the app reconnects still arrives.
   */
  async deliver(type: EnvelopeType, payload: unknown, options: DeliverOptions = {}): Promise<SocketAck> {
    const timeoutMs = options.ackTimeoutMs ?? 3000;
    const envelope: SocketEnvelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: type !== "events_api",
      ...(options.retryAttempt !== undefined ? { retry_attempt: options.retryAttempt } : {}),
      ...(options.retryReason !== undefined ? { retry_reason: options.retryReason } : {}),
    };
    await this.waitForConnections(1, 10_000);
    const connection = this.connections[this.nextConnection++ % this.connections.length]!;
    const started = performance.now();
    return new Promise<SocketAck>((resolve) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.waitingAcks.delete(envelope.envelope_id);
              resolve({ acked: false, durationMs: performance.now() - started, envelope });
            }, timeoutMs)
          : undefined;
      this.waitingAcks.set(envelope.envelope_id, (ackPayload) => {
        clearTimeout(timer);
        resolve({ acked: true, payload: ackPayload, durationMs: performance.now() - started, envelope });
      });
      connection.sendText(JSON.stringify(envelope));
    });
  }

  /** Slack's `disconnect` message to every connection; the app is expected to reconnect. */
  requestReconnect(reason: DisconnectReason = "refresh_requested"): void {
    for (const connection of [...this.connections]) {
      connection.sendText(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "emulator" } }));
    }
  }

  /** Drops every connection without a word, as a network failure would. */
  dropAll(): void {
    for (const connection of [...this.connections]) connection.destroy();
  }

  closeAll(): void {
    for (const connection of [...this.connections]) connection.close(1001, "emulator stopping");
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    const ticket = url.pathname.startsWith(SOCKET_PATH) ? url.pathname.slice(SOCKET_PATH.length) : "";
    const key = req.headers["sec-websocket-key"];
    if (
      !this.tickets.delete(ticket) ||
      typeof key !== "string" ||
      req.headers.upgrade?.toLowerCase() !== "websocket"
    ) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    const accept = createHash("sha1")
      .update(key + WEBSOCKET_GUID)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const connection = new WebSocketConnection(socket, {
      onText: (text) => this.received(text),
      onClose: () => this.forget(connection),
    });
    this.connections.push(connection);
    this.connectionsOpened += 1;
    if (head.length > 0) connection.receive(head);
    connection.sendText(
      JSON.stringify({
        type: "hello",
        num_connections: this.connections.length,
        debug_info: { host: "emulator", approximate_connection_time: 3600 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.logger?.debug({ connections: this.connections.length }, "socket mode connection opened");
    for (const listener of [...this.connectionListeners]) listener();
  }

  private received(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.logger?.warn({ text: text.slice(0, 200) }, "socket mode: a message that is not JSON");
      return;
    }
    const { envelope_id: id, payload } = (message ?? {}) as { envelope_id?: unknown; payload?: unknown };
    const waiting = typeof id === "string" ? this.waitingAcks.get(id) : undefined;
    if (!waiting) {
      this.logger?.debug(
        { envelope_id: id },
        "socket mode: an ack for no waiting envelope (late or repeated)",
      );
      return;
    }
    this.waitingAcks.delete(id as string);
    waiting(typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {});
  }

  private forget(connection: WebSocketConnection): void {
    const index = this.connections.indexOf(connection);
    if (index >= 0) this.connections.splice(index, 1);
  }
}

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One server-side WebSocket: frames in (masked, as clients must send them) and out (unmasked). */
class WebSocketConnection {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly handlers: { onText: (text: string) => void; onClose: () => void },
  ) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => this.finish());
    socket.on("error", () => this.finish());
  }

  sendText(text: string): void {
    this.send(OPCODE.text, Buffer.from(text, "utf8"));
  }

  close(code: number, reason: string): void {
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.send(OPCODE.close, payload);
    this.socket.end();
    this.finish();
  }

  destroy(): void {
    this.socket.destroy();
    this.finish();
  }

  receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = readFrame(this.buffer);
      if (!frame) return;
      this.buffer = this.buffer.subarray(frame.length);
      this.handle(frame.opcode, frame.fin, frame.payload);
    }
  }

  private handle(opcode: number, fin: boolean, payload: Buffer): void {
    switch (opcode) {
      case OPCODE.text:
      case OPCODE.continuation:
        this.fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(this.fragments).toString("utf8");
          this.fragments = [];
          this.handlers.onText(text);
        }
        return;
      case OPCODE.ping:
        this.send(OPCODE.pong, payload);
        return;
      case OPCODE.close:
        if (!this.closed) this.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000, "");
        return;
      default:
        // binary and pong frames carry nothing Socket Mode uses
        return;
    }
  }

  private send(opcode: number, payload: Buffer): void {
    if (this.closed || this.socket.destroyed) return;
    const length = payload.length;
    const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = length;
    else if (length < 65_536) {
      header[1] = 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose();
  }
}

/** One complete frame at the start of `buffer`, or undefined until more bytes arrive. */
function readFrame(
  buffer: Buffer,
): { fin: boolean; opcode: number; payload: Buffer; length: number } | undefined {
  if (buffer.length < 2) return undefined;
  const fin = (buffer[0]! & 0x80) !== 0;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked)
    for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ buffer[maskOffset + (i % 4)]!;
  return { fin, opcode, payload, length: offset + length };
}

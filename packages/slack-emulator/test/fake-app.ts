import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySlackRequest } from "@slack/bolt";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Form fields, or the JSON body. */
  fields: Record<string, unknown>;
  /** The decoded `payload` field of interactivity requests. */
  payload?: Record<string, unknown>;
  signatureValid: boolean;
  signatureError?: string;
}

export interface FakeAnswer {
  status?: number;
  /** An object is sent as JSON, a string as text. */
  body?: unknown;
  delayMs?: number;
}

/** A stand-in for the app: checks signatures with Bolt's own code and answers as told. */
export class FakeApp {
  readonly received: ReceivedRequest[] = [];
  answer: (request: ReceivedRequest) => FakeAnswer = () => ({});
  private server: Server | undefined;

  constructor(private readonly signingSecret: string) {}

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const received = this.decode(req.headers, rawBody);
      this.received.push(received);
      if (!received.signatureValid) {
        res.writeHead(401).end();
        return;
      }
      const answer = this.answer(received);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return;
      const status = answer.status ?? 200;
      if (answer.body === undefined) res.writeHead(status).end();
      else if (typeof answer.body === "string")
        res.writeHead(status, { "content-type": "text/plain" }).end(answer.body);
      else res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/slack/events`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  last(): ReceivedRequest {
    const request = this.received[this.received.length - 1];
    if (!request) throw new Error("the app received nothing");
    return request;
  }

  private decode(headers: IncomingHttpHeaders, rawBody: string): ReceivedRequest {
    let signatureValid = true;
    let signatureError: string | undefined;
    try {
      verifySlackRequest({
        signingSecret: this.signingSecret,
        body: rawBody,
        headers: {
          "x-slack-signature": String(headers["x-slack-signature"] ?? ""),
          "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
        },
      });
    } catch (error) {
      signatureValid = false;
      signatureError = String(error);
    }
    let fields: Record<string, unknown> = {};
    let payload: Record<string, unknown> | undefined;
    if (headers["content-type"] === "application/x-www-form-urlencoded") {
      fields = Object.fromEntries(new URLSearchParams(rawBody));
      if (typeof fields.payload === "string") payload = JSON.parse(fields.payload) as Record<string, unknown>;
    } else if (rawBody !== "") {
      try {
        fields = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        fields = {};
      }
    }
    return {
      headers,
      rawBody,
      fields,
      ...(payload ? { payload } : {}),
      signatureValid,
      ...(signatureError ? { signatureError } : {}),
    };
  }
}

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What the receiver answered. */
  readonly status: number;
  /** The receiver's clock when it came (unix seconds), to check the signature's age against. */
  readonly receivedAt: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 (the app must be allowed private addresses to reach it):
 * it records every request and answers with `answer()`'s status, which a test changes.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (body: string) => number = () => 200;
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly port: number,
  ) {}

  /** `now`: the receiver's clock in ms (a test's clock, when the app runs on it). */
  static async start(now: () => number = Date.now): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const status = receiver!.answer(body);
        receiver!.received.push({
          headers: request.headers,
          body,
          status,
          receivedAt: Math.floor(now() / 1000),
        });
        response.writeHead(status, { "content-type": "text/plain" }).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hooks`, port);
    return receiver;
  }

  /** Requests answered with a 2xx. */
  delivered(): ReceivedWebhook[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

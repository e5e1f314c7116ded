import type { IncomingMessage, ServerResponse } from "node:http";
import { publicDeal } from "../domain/public-records.ts";
import { isAppError } from "../lib/app-error.ts";
import type { Logger } from "../lib/logger.ts";
import { LEAD_HOOK_PATH, type LeadService } from "../services/lead-service.ts";
import { problem, problemOfAppError, sendJson, sendProblem } from "./problem-details.ts";

/** A lead is a few fields; anything bigger than this is not one. */
export const LEAD_HOOK_BODY_LIMIT = 1024 * 1024;

/** The route's path pattern (Bolt's custom routes read `:secret` into req.params). */
export const LEAD_HOOK_ROUTE = `${LEAD_HOOK_PATH}:secret`;

/** Website forms post from other origins: answers may be read by any page that knows the secret. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type",
};

type HookRequest = IncomingMessage & { params?: Record<string, string | string[] | undefined> };

/**
 * `POST /hooks/leads/<secret>`: a lead from a website form (form-encoded) or a tool (JSON).
 * Transport only: read the body, call LeadService, answer 201 (a new deal), 200 (a note on
 * the open deal), or a problem+json (400 bad input, 404 unknown secret, 413, 415, 503).
 */
export function leadHookHandler(deps: { leads: LeadService; logger: Logger }) {
  return (req: HookRequest, res: ServerResponse): void => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.logger.error({ err: error }, "lead hook failed");
      if (!res.headersSent)
        sendProblem(
          res,
          problem(500, "internal", "Something went wrong", "The lead was not stored; try again."),
          CORS,
        );
    });
  };
}

async function handle(deps: { leads: LeadService; logger: Logger }, req: HookRequest, res: ServerResponse) {
  if (req.method === "OPTIONS") {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  const body = await readBody(req, LEAD_HOOK_BODY_LIMIT);
  if (body === "too_large") {
    sendProblem(
      res,
      problem(
        413,
        "too-large",
        "The body is too large",
        `A lead's body may be at most ${LEAD_HOOK_BODY_LIMIT} bytes.`,
      ),
      { ...CORS, connection: "close" },
    );
    return;
  }
  try {
    const secret = req.params?.secret;
    const source = await deps.leads.sourceBySecret(typeof secret === "string" ? secret : "");
    const fields = parseFields(req.headers["content-type"], body);
    if (!fields.ok) {
      sendProblem(res, fields.problem, CORS);
      return;
    }
    const outcome = await deps.leads.receive(
      source.teamId,
      { sourceId: source.id, name: source.name },
      fields.value,
    );
    if (wantsPage(req)) {
      sendPage(res, outcome.kind === "new_deal" ? 201 : 200, "Thank you — your message was received.");
      return;
    }
    sendJson(
      res,
      outcome.kind === "new_deal" ? 201 : 200,
      {
        deal: publicDeal(outcome.deal),
        disposition: outcome.kind,
      },
      CORS,
    );
  } catch (error) {
    if (isAppError(error)) {
      if (error.is("lead_source.unknown")) {
        sendProblem(
          res,
          problem(
            404,
            "unknown-hook",
            "Unknown lead hook",
            "No lead source has this URL: it was never made, or it was revoked.",
          ),
          CORS,
        );
        return;
      }
      const answer = problemOfAppError(error);
      if (wantsPage(req) && answer.status === 400) {
        sendPage(
          res,
          400,
          `Your message was not sent: ${answer.detail} Go back, correct it and send it again.`,
        );
        return;
      }
      sendProblem(res, answer, answer.status === 503 ? { ...CORS, "retry-after": "5" } : CORS);
      return;
    }
    throw error;
  }
}

/**
 * A person's browser posting a plain HTML form (it asks for a page): they get a short page
 * rather than the deal's JSON, which is for tools and says more than a visitor should see.
 */
function wantsPage(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? "";
  return /\btext\/html\b/.test(accept) && !/application\/(problem\+)?json/.test(accept);
}

function sendPage(res: ServerResponse, status: number, text: string): void {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'",
  });
  res.end(`<html lang="en"><meta charset="utf-8"><title>Handoff</title><p>${escaped}</p></html>`);
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: ReturnType<typeof problem> };

/** JSON, or form fields (the first value of a repeated field); other media types are refused. */
function parseFields(contentType: string | undefined, body: Buffer): Parsed {
  const media = (contentType ?? "application/json").split(";")[0]!.trim().toLowerCase();
  const text = body.toString("utf8");
  if (media === "application/x-www-form-urlencoded") {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(text)) if (!(key in fields)) fields[key] = value;
    return { ok: true, value: fields };
  }
  if (media === "application/json" || media.endsWith("+json")) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return {
        ok: false,
        problem: problem(
          400,
          "not-json",
          "The body is not JSON",
          "The body could not be read as JSON; send a JSON object of fields, or form fields (application/x-www-form-urlencoded).",
        ),
      };
    }
  }
  return {
    ok: false,
    problem: problem(
      415,
      "unsupported-media-type",
      "Unsupported content type",
      `Send application/json or application/x-www-form-urlencoded, not ${media}.`,
    ),
  };
}

/**
 * The body, or "too_large" past the limit: a declared length over it is refused before
 * reading, and a body that grows past it stops being kept (what is left is read and dropped,
 * so the client still gets its answer).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large"> {
  const declared = Number(req.headers["content-length"]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      // A client that never stops: drop the connection rather than read forever.
      if (size > limit * 4) req.destroy();
    });
    req.on("end", () => resolve(tooLarge ? "too_large" : Buffer.concat(chunks)));
    req.on("close", () => {
      if (tooLarge) resolve("too_large");
    });
    req.on("error", (error) => (tooLarge ? resolve("too_large") : reject(error)));
  });
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { publicDeal } from "../domain/public-records.ts";
import { isAppError } from "../lib/app-error.ts";
import type { Logger } from "../lib/logger.ts";
import { LEAD_HOOK_PATH, type LeadService } from "../services/lead-service.ts";
import { readBody, sendJson, sendProblem } from "./http.ts";
import { type Problem, problemOf, transportProblem } from "./problems.ts";
import type { LeadHookLimits } from "./rate-limit.ts";

/** The route's path pattern (Bolt's custom routes read `:secret` into req.params). */
export const LEAD_HOOK_ROUTE = `${LEAD_HOOK_PATH}:secret`;

/** Website forms post from other origins: answers may be read by any page that knows the secret. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type",
};

type HookRequest = IncomingMessage & { params?: Record<string, string | string[] | undefined> };

interface LeadHookDeps {
  leads: LeadService;
  limits: LeadHookLimits;
  logger: Logger;
}

/**
 * `POST /hooks/leads/<secret>`: a lead from a website form (form-encoded) or a tool (JSON).
 * Transport only: read the body, call LeadService, answer 201 (a new deal), 200 (a note on
 * the open deal), or a problem+json as the REST API answers (400 not JSON, 422 invalid fields,
 * 404 unknown secret, 413, 415, 429 over the rate, 503).
 */
export function leadHookHandler(deps: LeadHookDeps) {
  return (req: HookRequest, res: ServerResponse): void => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.logger.error({ err: error }, "lead hook failed");
      if (!res.headersSent)
        sendProblem(
          res,
          transportProblem(500, "internal", "Something went wrong: the lead was not stored; try again."),
          CORS,
        );
    });
  };
}

async function handle(deps: LeadHookDeps, req: HookRequest, res: ServerResponse) {
  if (req.method === "OPTIONS") {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  const body = await readBody(req);
  if (body.kind === "too_large") {
    sendProblem(res, transportProblem(413, "body.too_large", "A lead's body may be at most 1 MB."), {
      ...CORS,
      connection: "close",
    });
    return;
  }
  try {
    const secret = req.params?.secret;
    const source = await deps.leads.sourceBySecret(typeof secret === "string" ? secret : "");
    // Behind a proxy this is the proxy's address: all its visitors share one bucket.
    const wait = deps.limits.take(source.id, req.socket.remoteAddress);
    if (wait > 0) {
      sendTooMany(req, res, wait);
      return;
    }
    const fields = parseFields(req.headers["content-type"], body.text);
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
      const answer = problemOf(error);
      if (wantsPage(req) && answer.status === 422) {
        sendPage(
          res,
          422,
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

function sendTooMany(req: IncomingMessage, res: ServerResponse, waitSeconds: number): void {
  const retryAfter = { "retry-after": String(waitSeconds) };
  if (wantsPage(req)) {
    sendPage(
      res,
      429,
      "Too many messages were sent from here just now. Please try again shortly.",
      retryAfter,
    );
    return;
  }
  sendProblem(
    res,
    transportProblem(429, "rate_limited", `Too many leads from this client; try again in ${waitSeconds} s.`),
    { ...CORS, ...retryAfter },
  );
}

function sendPage(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'",
    ...headers,
  });
  res.end(`<html lang="en"><meta charset="utf-8"><title>Handoff</title><p>${escaped}</p></html>`);
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** JSON, or form fields (the first value of a repeated field); other media types are refused. */
function parseFields(contentType: string | undefined, text: string): Parsed {
  const media = (contentType ?? "application/json").split(";")[0]!.trim().toLowerCase();
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
        problem: transportProblem(
          400,
          "body.not_json",
          "The body could not be read as JSON; send a JSON object of fields, or form fields (application/x-www-form-urlencoded).",
        ),
      };
    }
  }
  return {
    ok: false,
    problem: transportProblem(
      415,
      "body.unsupported_media_type",
      `Send application/json or application/x-www-form-urlencoded, not ${media}.`,
    ),
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApiToken, hashSecret } from "../domain/api-access.ts";
import { AppError, isAppError } from "../lib/app-error.ts";
import type { Logger } from "../lib/logger.ts";
import type { ApiAccessService } from "../services/api-access-service.ts";
import type { DeliveryActor } from "../services/delivery-service.ts";
import type { WorkspaceService } from "../services/workspace-service.ts";
import {
  type ApiAnswer,
  ENDPOINTS,
  type Endpoint,
  type EndpointServices,
  RequestInvalid,
} from "./endpoints.ts";
import { readBody, sendJson, sendProblem } from "./http.ts";
import { openApiDocument } from "./openapi.ts";
import { type FieldError, type Problem, problemOf, transportProblem } from "./problems.ts";
import { DEFAULT_API_RATE_LIMIT, type RateLimit, TokenBuckets } from "./rate-limit.ts";

export const API_PREFIX = "/api/v1";
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

export interface ApiServices extends EndpointServices {
  readonly apiAccess: ApiAccessService;
  readonly workspaces: WorkspaceService;
}

export interface ApiOptions {
  readonly services: ApiServices;
  readonly logger: Logger;
  readonly rateLimit?: RateLimit;
  /** Whether a failure means the database is down (503 rather than 500). */
  readonly isInfrastructureDown?: (error: unknown) => boolean;
  /** How long a repeat waits for the first request with its Idempotency-Key to finish. */
  readonly idempotencyWaitMs?: number;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => void;

interface Matched {
  readonly endpoint: Endpoint;
  readonly params: Record<string, string>;
}

const compiled = ENDPOINTS.map((endpoint) => ({
  endpoint,
  pattern: new RegExp(`^${endpoint.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`),
}));

function route(method: string, path: string): Matched | { allow: string[] } | undefined {
  const matches = compiled.filter((c) => c.pattern.test(path));
  if (matches.length === 0) return undefined;
  const hit = matches.find((c) => c.endpoint.method === method);
  if (!hit) return { allow: matches.map((c) => c.endpoint.method) };
  const groups = hit.pattern.exec(path)?.groups ?? {};
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) params[name] = decodeURIComponent(value);
  return { endpoint: hit.endpoint, params };
}

function zodErrors(error: RequestInvalid): FieldError[] {
  return error.issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => ({
      path: [...issue.path, ...(key === undefined ? [] : [key])].map(String).join(".") || "(body)",
      message: issue.code === "unrecognized_keys" ? "is not a field of this request" : issue.message,
    }));
  });
}

/**
 * The REST API as one request handler: read HTTP, authenticate, limit, parse, call the
 * services, and answer JSON or a problem (application/problem+json).
 */
export function createApiHandler(options: ApiOptions): ApiHandler {
  const { services, logger } = options;
  const buckets = new TokenBuckets(options.rateLimit ?? DEFAULT_API_RATE_LIMIT);
  const waitMs = options.idempotencyWaitMs ?? 10_000;
  const document = JSON.stringify(openApiDocument());

  async function actorOf(token: ApiToken): Promise<DeliveryActor> {
    const settings = await services.workspaces.settings(token.teamId);
    return {
      teamId: token.teamId,
      userId: token.createdById,
      // An integration changes any deal, as a manager may; administration stays in Slack.
      role: "manager",
      salesChannelId: settings.channels.sales,
      winsChannelId: settings.channels.wins,
      deliveryChannelId: settings.channels.delivery,
      via: { tokenId: token.id, name: token.name },
    };
  }

  function failure(error: unknown, req: IncomingMessage): Problem {
    if (error instanceof RequestInvalid)
      return transportProblem(
        400,
        "request.invalid",
        "The request is not valid; see errors.",
        zodErrors(error),
      );
    if (isAppError(error)) return problemOf(error);
    if (options.isInfrastructureDown?.(error)) return problemOf(new AppError("database.unavailable", {}));
    logger.error({ err: error, method: req.method, path: req.url }, "API request failed");
    return transportProblem(
      500,
      "internal",
      "Something went wrong on our side; nothing may have changed. Try again.",
    );
  }

  async function runOnce(
    matched: Matched,
    token: ApiToken,
    body: unknown,
    req: IncomingMessage,
    key?: string,
  ) {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = value;
    try {
      return await matched.endpoint.run(services, {
        params: matched.params,
        query,
        body,
        token,
        actor: await actorOf(token),
        idempotencyKey: key,
      });
    } catch (error) {
      const problem = failure(error, req);
      return { status: problem.status, body: problem, problem: true } as ApiAnswer & { problem: true };
    }
  }

  /** A POST with an Idempotency-Key: the first answer is stored and given to every repeat. */
  async function idempotent(
    key: string,
    token: ApiToken,
    rawBody: string,
    run: () => Promise<ApiAnswer>,
  ): Promise<ApiAnswer & { replayed?: boolean }> {
    const hash = hashSecret(`${rawBody}`);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const claim = await services.apiAccess.claimIdempotencyKey(token, key, hash);
      if (claim.kind === "repeat") return { ...claim.response, replayed: true };
      if (claim.kind === "other_request") throw new AppError("api.idempotency_key_reused", { key });
      if (claim.kind === "first") break;
      if (Date.now() > deadline) throw new AppError("api.idempotency_in_progress", { key });
      await new Promise((resolve) => setTimeout(resolve, 50)); // the first is still running
    }
    let answer: ApiAnswer;
    try {
      answer = await run();
    } catch (error) {
      await services.apiAccess.forgetIdempotencyKey(token, key);
      throw error;
    }
    // A server-side failure may be retried with the same key; anything else is the answer.
    if (answer.status >= 500) await services.apiAccess.forgetIdempotencyKey(token, key);
    else await services.apiAccess.rememberResponse(token, key, answer);
    return answer;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
    if (path === OPENAPI_PATH && method === "GET") {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" });
      res.end(document);
      return;
    }
    const matched = path.startsWith(`${API_PREFIX}/`)
      ? route(method, path.slice(API_PREFIX.length))
      : undefined;
    if (!matched) {
      req.resume();
      return sendProblem(
        res,
        transportProblem(404, "route.not_found", `There is no ${path} in this API. See ${OPENAPI_PATH}.`),
      );
    }
    if ("allow" in matched) {
      req.resume();
      return sendProblem(
        res,
        transportProblem(
          405,
          "method.not_allowed",
          `${path} answers ${matched.allow.join(", ")}, not ${method}.`,
        ),
        { allow: matched.allow.join(", ") },
      );
    }
    let token: ApiToken;
    try {
      token = await services.apiAccess.authenticate(req.headers.authorization);
      const wait = buckets.take(token.id);
      if (wait > 0) {
        req.resume();
        return sendProblem(
          res,
          transportProblem(429, "rate_limited", `Too many requests with this token; try again in ${wait} s.`),
          { "retry-after": String(wait) },
        );
      }
      services.apiAccess.assertAllows(token, method);
    } catch (error) {
      req.resume();
      const problem = failure(error, req);
      return sendProblem(
        res,
        problem,
        problem.status === 401 ? { "www-authenticate": 'Bearer realm="handoff"' } : {},
      );
    }

    let rawBody = "";
    let body: unknown;
    if (method !== "GET") {
      const read = await readBody(req);
      if (read.kind === "too_large")
        return sendProblem(res, transportProblem(413, "request.too_large", "The body is over 1 MB."), {
          connection: "close",
        });
      rawBody = read.text;
      if (rawBody.trim() !== "") {
        try {
          body = JSON.parse(rawBody);
        } catch {
          return sendProblem(
            res,
            transportProblem(400, "request.malformed_json", "The body is not valid JSON."),
          );
        }
      } else body = matched.endpoint.body ? undefined : {};
    }

    const key = method === "POST" ? headerValue(req.headers["idempotency-key"]) : undefined;
    if (key !== undefined && (key.length === 0 || key.length > 255))
      return sendProblem(
        res,
        transportProblem(400, "request.invalid", "Idempotency-Key must be 1 to 255 characters.", [
          { path: "Idempotency-Key", message: "must be 1 to 255 characters" },
        ]),
      );
    const run = () => runOnce(matched, token, body, req, key);
    try {
      const answer = key ? await idempotent(key, token, `${method} ${path}\n${rawBody}`, run) : await run();
      const headers: Record<string, string> =
        "replayed" in answer && answer.replayed ? { "idempotent-replayed": "true" } : {};
      const isProblem =
        typeof answer.body === "object" &&
        answer.body !== null &&
        "reason" in answer.body &&
        answer.status >= 400;
      if (isProblem) return sendProblem(res, answer.body as Problem, headers);
      if ("file" in answer && answer.file) {
        res.writeHead(answer.status, {
          "content-type": answer.file.contentType,
          "content-disposition": `attachment; filename="${answer.file.name.replace(/[^\w.-]/g, "_")}"`,
          "cache-control": "no-store",
        });
        return void res.end(answer.file.content);
      }
      sendJson(res, answer.status, answer.body, headers);
    } catch (error) {
      sendProblem(res, failure(error, req));
    }
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "API handler failed");
      if (!res.headersSent)
        sendProblem(res, transportProblem(500, "internal", "Something went wrong on our side."));
      else res.end();
    });
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

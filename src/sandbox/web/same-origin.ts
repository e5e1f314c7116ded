import type { IncomingMessage } from "node:http";

/**
 * The sandbox page has no login, so its API must only answer the page itself, never another
 * web page the person happens to visit (which could otherwise act as the sandbox admin):
 *  - a browser marks cross-site requests with Sec-Fetch-Site and Origin: both must say "this site";
 *  - a POST must be application/json (or, for an upload, application/octet-stream), which no
 *    HTML form or no-cors fetch can send;
 *  - bound to loopback, the Host must name loopback too, or a DNS-rebinding page would pass
 *    as same-origin under its own name.
 * Tools without a browser (curl, tests) send neither header and are let through.
 */
export interface RequestRefusal {
  status: 403 | 415;
  error: string;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host.startsWith("127.");
}

export function refuseForeignRequest(
  req: IncomingMessage,
  options: { loopbackOnly: boolean; api: boolean; bytes?: boolean },
): RequestRefusal | undefined {
  const host = req.headers.host ?? "";
  if (options.loopbackOnly && !isLoopbackHost(hostname(host))) {
    return { status: 403, error: `The sandbox answers only on this machine, not as ${host.slice(0, 100)}.` };
  }
  if (!options.api) return undefined;
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return { status: 403, error: "The sandbox answers only its own page." };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && originHost(origin) !== host.toLowerCase()) {
    return { status: 403, error: "The sandbox answers only its own page." };
  }
  if (req.method === "POST") {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    const expected = options.bytes ? "application/octet-stream" : "application/json";
    if (type !== expected) {
      return { status: 415, error: `The sandbox API takes ${expected}.` };
    }
  }
  return undefined;
}

function hostname(host: string): string {
  const bracketed = host.match(/^(\[[^\]]*\])(:\d+)?$/);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return host.replace(/:\d+$/, "").toLowerCase();
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined; // "null" (a sandboxed frame, a file) is nobody's page.
  }
}

import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "../../src/api/endpoints.ts";
import { API_TOKEN_PREFIX, issueSecret } from "../../src/domain/api-access.ts";
import { type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * The OpenAPI 3.1 document, served in Socket Mode too (the API rides the receiver's custom
 * routes in both modes): it parses, names every route, and real answers validate against it.
 */
let h: Harness;
let secret = "";
// biome-ignore lint/suspicious/noExplicitAny: the document is walked loosely; Ajv checks what matters
type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, any> }>> };
let doc: Doc;

beforeAll(async () => {
  h = await startHarness({ socketMode: true });
  await h.db!.prisma.workspace.upsert({
    where: { id: "T0HANDOFF" },
    create: { id: "T0HANDOFF" },
    update: {},
  });
  const issued = issueSecret(API_TOKEN_PREFIX);
  secret = issued.secret;
  await h.db!.prisma.apiToken.create({
    data: {
      workspaceId: "T0HANDOFF",
      name: "Docs",
      access: "READ_WRITE",
      secretHash: issued.hash,
      hint: issued.hint,
      createdById: People.admin,
    },
  });
}, 60_000);
afterAll(() => h?.stop());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat("date-time", { validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addSchema({ $id: "doc", ...doc });
  return (path: string, method: string, status: number, body: unknown) => {
    const response = doc.paths[path]?.[method]?.responses[String(status)];
    const media = response?.content?.["application/json"] ?? response?.content?.["application/problem+json"];
    const ref = media?.schema?.$ref as string | undefined;
    const schema = ref ? { $ref: `doc${ref}` } : media?.schema;
    expect(schema, `${method} ${path} ${status} is documented`).toBeDefined();
    const validate = ajv.compile(schema);
    const ok = validate(body);
    expect(ok, `${method} ${path} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
  };
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document naming every route", async () => {
    const response = await fetch(`${h.baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    for (const endpoint of ENDPOINTS)
      expect(
        doc.paths[`/api/v1${endpoint.path}`]?.[endpoint.method.toLowerCase()],
        endpoint.path,
      ).toBeDefined();
  });

  it("describes the real answers: they validate against its schemas (Ajv, JSON Schema 2020-12)", async () => {
    const check = validator();
    const created = await call("POST", "/api/v1/deals", {
      name: "Acme pilot",
      company: "Acme",
      amount: "5000",
      expected_close_date: "2026-12-24",
      contacts: [{ name: "Wile E.", email: "wile@acme.example" }],
    });
    check("/api/v1/deals", "post", created.status, created.body);
    const ref = (created.body as { ref: string }).ref;
    const answers: Array<[string, string, string, unknown?]> = [
      ["get", "/api/v1/deals", "/api/v1/deals?limit=10"],
      ["get", "/api/v1/deals/{ref}", `/api/v1/deals/${ref}`],
      ["patch", "/api/v1/deals/{ref}", `/api/v1/deals/${ref}`, { next_step: "Call" }],
      ["post", "/api/v1/deals/{ref}/notes", `/api/v1/deals/${ref}/notes`, { body: "Hello" }],
      ["get", "/api/v1/deals/{ref}/notes", `/api/v1/deals/${ref}/notes`],
      ["post", "/api/v1/deals/{ref}/move", `/api/v1/deals/${ref}/move`, { stage: "Demo" }],
      ["get", "/api/v1/accounts", "/api/v1/accounts"],
      ["get", "/api/v1/contacts", "/api/v1/contacts"],
      ["get", "/api/v1/projects", "/api/v1/projects"],
      ["get", "/api/v1/tasks", "/api/v1/tasks"],
      ["get", "/api/v1/deals/{ref}", "/api/v1/deals/D-404"],
      ["post", "/api/v1/deals", "/api/v1/deals", { name: "x", nope: 1 }],
    ];
    for (const [method, path, url, body] of answers) {
      const answer = await call(method.toUpperCase(), url, body);
      expect(answer.status, url).toBeLessThan(500);
      check(path, method, answer.status, answer.body);
    }
  });
});

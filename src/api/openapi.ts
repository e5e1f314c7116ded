import { z } from "zod";
import { ENDPOINTS } from "./endpoints.ts";
import { ZProblem } from "./schemas.ts";

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that parse the requests
 * (zod 4's JSON Schema output is draft 2020-12, OpenAPI 3.1's dialect): no second description.
 */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = {
    description: "A problem (RFC 9457)",
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  };
  for (const endpoint of ENDPOINTS) {
    const path = `/api/v1${endpoint.path}`;
    const params = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = endpoint.query ? queryParameters(endpoint.query) : [];
    paths[path] ??= {};
    paths[path][endpoint.method.toLowerCase()] = {
      summary: endpoint.summary,
      operationId: `${endpoint.method.toLowerCase()}${endpoint.path.replace(/[{}]/g, "").replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      parameters: [
        ...params,
        ...query,
        ...(endpoint.method === "POST"
          ? [
              {
                name: "Idempotency-Key",
                in: "header",
                required: false,
                schema: { type: "string", maxLength: 255 },
              },
            ]
          : []),
      ],
      ...(endpoint.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(endpoint.body, "input") } },
            },
          }
        : {}),
      responses: {
        [String(endpoint.status)]: {
          description: endpoint.summary,
          content: { "application/json": { schema: jsonSchema(endpoint.answer, "output") } },
        },
        "400": problem,
        "401": problem,
        "403": problem,
        "404": problem,
        "409": problem,
        "413": problem,
        "422": problem,
        "429": problem,
      },
    };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Handoff API",
      version: "1",
      description: "Deals, accounts, contacts, notes, projects and tasks of one Handoff workspace.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (hnd_…) from /handoff api" },
      },
      schemas: { Problem: jsonSchema(ZProblem, "output") },
    },
  };
}

function queryParameters(schema: z.ZodType): Array<Record<string, unknown>> {
  const json = jsonSchema(schema, "input") as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** A schema as JSON Schema 2020-12, without `$schema` (the document's dialect says it once). */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
  return rest;
}

/**
 * API.md §2 `/openapi.json`: an OpenAPI 3.1 document of every route of API.md
 * (§5: except `/openapi.json` and `/docs` themselves), generated from the
 * route table and the same Schemas the use cases decode with, never written
 * by hand. Effect compiles all schemas together into JSON Schema 2020-12 (the
 * dialect of OpenAPI 3.1) with shared definitions as `components/schemas`.
 * Each operation lists its own problems and those its access, body, list
 * query and throttle imply, grouped by status.
 */
import { JsonSchema, Schema, SchemaRepresentation } from "effect"
import { PROBLEM_TYPES, type ProblemSlug } from "../problems/ProblemTypes.js"
import type { Route } from "../routes/Route.js"
import { HealthBody, ProblemBody } from "./ResponseSchemas.js"

type Json = Record<string, unknown>

/** Compiles every schema at once, so shared definitions are emitted once. */
const compile = (schemas: ReadonlyArray<Schema.Top>) => {
  const unique = [...new Set(schemas)]
  const asts = unique.map((schema) => Schema.toCodecJson(schema).ast)
  const multi = JsonSchema.toMultiDocumentOpenApi3_1(
    SchemaRepresentation.toJsonSchemaMultiDocument(
      SchemaRepresentation.toRepresentations(asts as [typeof asts[number], ...typeof asts])
    )
  )
  const bySchema = new Map(unique.map((schema, i) => [schema, multi.schemas[i] as Json]))
  return { definitions: multi.definitions, of: (schema: Schema.Top): Json => bySchema.get(schema)! }
}

/** The problems a route can answer: its own, and those implied by how it is called. */
export const problemsOf = (route: Route): ReadonlyArray<ProblemSlug> => {
  const implied: Array<ProblemSlug> = []
  if (route.takesBody) {
    implied.push("malformed-request", "unsupported-media-type", "payload-too-large", "validation-failed")
  }
  if (route.doc.paged === true) implied.push("validation-failed")
  if (route.throttle !== undefined) implied.push("rate-limited")
  if (route.access !== "public") implied.push("unauthenticated")
  if (route.access === "user" || route.access === "group-admin") implied.push("forbidden")
  implied.push("unavailable")
  return [...new Set([...route.doc.problems, ...implied])]
}

const pathParameters = (path: string): Array<Json> =>
  [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" }
  }))

const PAGE_PARAMETERS: ReadonlyArray<Json> = [
  { name: "limit", in: "query", description: "R16: 1–200, default 50", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
  { name: "cursor", in: "query", description: "R16: the `nextCursor` of the previous page", schema: { type: "string" } }
]

const IDEMPOTENCY_KEY: Json = {
  name: "Idempotency-Key",
  in: "header",
  required: true,
  description: "R44: scoped to the account; the same key with the same request answers the first result",
  schema: { type: "string", maxLength: 255 }
}

const problemResponses = (slugs: ReadonlyArray<ProblemSlug>): Record<string, Json> => {
  const byStatus = new Map<number, Array<ProblemSlug>>()
  for (const slug of slugs) {
    const status = PROBLEM_TYPES[slug].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug])
  }
  const responses: Record<string, Json> = {}
  for (const [status, group] of [...byStatus].toSorted(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: group.map((slug) => `\`/problems/${slug}\``).join(", "),
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } }
    }
  }
  return responses
}

const operation = (route: Route, schemaOf: (schema: Schema.Top) => Json): Json => {
  const { doc } = route
  const parameters = [
    ...pathParameters(route.path),
    ...(doc.paged === true ? PAGE_PARAMETERS : []),
    ...(doc.idempotent === true ? [IDEMPOTENCY_KEY] : [])
  ]
  const success: Record<string, Json> = {}
  for (const [status, response] of Object.entries(doc.responses)) {
    success[status] = response.schema === undefined
      ? { description: response.description }
      : { description: response.description, content: { "application/json": { schema: schemaOf(response.schema) } } }
  }
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    tags: [doc.tag],
    security: route.access === "public" ? [] : [{ bearer: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.requestBody === undefined ? {} : {
      requestBody: { required: true, content: { "application/json": { schema: schemaOf(doc.requestBody) } } }
    }),
    responses: { ...success, ...problemResponses(problemsOf(route)) }
  }
}

const health = (summary: string, ready: boolean): Json => ({
  operationId: ready ? "readyz" : "healthz",
  summary,
  tags: ["health"],
  security: [],
  responses: {
    200: { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Health" } } } },
    ...(ready ? problemResponses(["unavailable"]) : {})
  }
})

export const openApiDocument = (routes: ReadonlyArray<Route>, version: string): Json => {
  const schemas = [
    ProblemBody,
    HealthBody.annotate({ identifier: "Health" }),
    ...routes.flatMap((route) => [
      ...(route.doc.requestBody === undefined ? [] : [route.doc.requestBody]),
      ...Object.values(route.doc.responses).flatMap((response) => (response.schema === undefined ? [] : [response.schema]))
    ])
  ]
  const compiled = compile(schemas)
  const paths: Record<string, Json> = {
    "/healthz": { get: health("The process answers", false) },
    "/readyz": { get: health("The store answers (an empty transaction)", true) }
  }
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route, compiled.of) }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Corporate groups API",
      version,
      description: "Corporate groups of a video-conferencing service. Errors are RFC 9457 " +
        "`application/problem+json` bodies whose `type` is `/problems/<slug>`."
    },
    tags: ["sessions", "users", "groups", "me", "admin", "billing", "health"].map((name) => ({ name })),
    paths,
    components: {
      schemas: compiled.definitions,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A token from POST /v1/sessions" } }
    }
  }
}

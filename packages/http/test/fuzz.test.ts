/**
 * SPEC.md §7: no 5xx for any input a client can send, and every error is
 * `application/problem+json` with nothing internal in it. fast-check sends
 * every route generated requests: any JSON, wrong types in the route's own
 * fields, huge strings, deep nesting, bytes that are not UTF-8, every kind of
 * Content-Type, good and bad `Authorization` headers, junk path parameters and
 * query strings, and other methods. `FC_NUM_RUNS` scales the runs per route.
 */
import fc from "fast-check"
import { assert, afterAll, beforeAll, describe, expect, it } from "vitest"
import { API_ROUTES } from "../src/routes/ApiRoutes.js"
import type { Route } from "../src/routes/Route.js"
import { type Client, clientOf, isProblem } from "./support/Client.js"
import { type Admin, type Member, registerGroup, registerUser } from "./support/Scenario.js"
import { startTestServer, type TestServer } from "./support/TestServer.js"

const RUNS = Number(process.env["FC_NUM_RUNS"] ?? 40)

let server: TestServer
let client: Client
let admin: Admin
let member: Member

/** Header values fetch can send: visible ASCII and spaces, no CR/LF. */
const headerText = (maxLength = 60) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength })

const FIELD_NAMES = [
  "login", "password", "client", "trueconfId", "email", "passwordConfirmation", "firstName", "lastName", "country",
  "language", "productNews", "researchBulletin", "corporateCode", "name", "seats", "admin", "currentPassword",
  "newPassword", "newPasswordConfirmation", "kind", "participants", "presenters", "durationMinutes", "phoneNumber",
  "minutes", "paymentMethod", "amount", "currency", "__proto__", "constructor"
]

const junkValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1.5, 1e308, -0, "", " ", "tok_visa", "tok_chargeDeclined", "point-to-point", "role-based", "app", "cabinet"),
  fc.nat(4_000).map((n) => "x".repeat(n)),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.integer(),
  fc.double()
)

const smallObject = fc.dictionary(fc.constantFrom(...FIELD_NAMES), junkValue, { maxKeys: 4 })

/** An object over the routes' own field names (nested ones too): right names, wrong or right-ish values. */
const fieldObject = fc.tuple(fc.dictionary(fc.constantFrom(...FIELD_NAMES), junkValue, { maxKeys: 8 }), fc.option(smallObject), fc.option(smallObject))
  .map(([body, nestedAdmin, amount]) => ({ ...body, ...(nestedAdmin === null ? {} : { admin: nestedAdmin }), ...(amount === null ? {} : { amount }) }))

const deep = fc.integer({ min: 1, max: 5_000 }).chain((depth) =>
  fc.constantFrom(`${"[".repeat(depth)}${"]".repeat(depth)}`, `{"name":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`)
)

type RawBody = string | Uint8Array | undefined

/** A valid body per route, so mutations of one field reach the rules, not only validation. */
const VALID: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  signIn: { login: "someone@example.com", password: "correct horse battery staple", client: "app" },
  registerUser: {
    trueconfId: "fuzzer", email: "fuzzer@example.com", password: "correct horse battery staple",
    passwordConfirmation: "correct horse battery staple", firstName: "F", lastName: "Z", country: "de", corporateCode: "X"
  },
  registerGroup: { name: "G", seats: 2, admin: { email: "g@example.com", password: "correct horse battery staple", passwordConfirmation: "correct horse battery staple" } },
  updateMe: { firstName: "A", country: "FR", productNews: true },
  joinGroup: { corporateCode: "AAAA-BBBB-CCCC-DDDD" },
  requestConferencePermit: { kind: "role-based", participants: 10, presenters: 2, durationMinutes: 30 },
  recordPhoneCall: { phoneNumber: "+74951234567", minutes: 1 },
  editGroup: { name: "Renamed" },
  changeSeats: { seats: 4 },
  payInvoice: { paymentMethod: "tok_visa" },
  topUpPhoneBalance: { amount: { amount: 100, currency: "RUB" }, paymentMethod: "tok_visa" }
}

const mutated = (valid: Readonly<Record<string, unknown>>): fc.Arbitrary<RawBody> =>
  fc.oneof(
    fc.constant(JSON.stringify(valid)),
    fc.tuple(fc.constantFrom(...Object.keys(valid)), junkValue).map(([key, value]) => JSON.stringify({ ...valid, [key]: value })),
    deep.map((nested) => JSON.stringify({ ...valid, extra: JSON.parse(nested.startsWith("[") && nested.length < 2_000 ? nested : "[]") }))
  )

const bodyFor = (route: Route): fc.Arbitrary<RawBody> => {
  const valid = VALID[route.doc.operationId]
  return valid === undefined ? body : fc.oneof({ weight: 1, arbitrary: body }, { weight: 1, arbitrary: mutated(valid) })
}

const body: fc.Arbitrary<RawBody> = fc.oneof(
  { weight: 4, arbitrary: fieldObject.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value) ?? "null") },
  { weight: 1, arbitrary: fc.nat(150_000).map((n) => JSON.stringify({ name: "y".repeat(n) })) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.constant(undefined) }
)

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "application/json; charset=latin1",
      "APPLICATION/JSON",
      "application/merge-patch+json",
      "application/problem+json",
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/octet-stream",
      ""
    )
  },
  { weight: 1, arbitrary: headerText(40) },
  { weight: 1, arbitrary: fc.constant(undefined) }
)

const authorization = fc.oneof(
  fc.constant("member"),
  fc.constant("admin"),
  fc.constant(undefined),
  fc.constantFrom("Bearer", "Bearer ", "bearer x", "Basic dXNlcjpwYXNz", "Bearer a b", `Bearer ${"A".repeat(600)}`),
  headerText().map((junk) => `Bearer ${junk}`),
  headerText()
)

const segment = fc.oneof(
  fc.uuid(),
  fc.constantFrom("%E0%A4%A", "%", "..", "%2F", "%00", "null", "0".repeat(300), "01890000-0000-7000-8000-000000000000"),
  fc.string({ maxLength: 20 }).map(encodeURIComponent)
)

const query = fc.oneof(
  fc.constant(""),
  fc.record({ limit: fc.oneof(fc.nat(500).map(String), headerText(10)), cursor: headerText(40) }, { requiredKeys: [] })
    .map((q) => "?" + new URLSearchParams(q as Record<string, string>).toString()),
  fc.constantFrom("?limit=1&limit=2", "?cursor[a]=b", "?limit=%ZZ", "?limit=1e2", "?limit=-1")
)

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]

const requestFor = (route: Route) =>
  fc.record({
    method: fc.oneof({ weight: 5, arbitrary: fc.constant(route.method.toUpperCase()) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    params: fc.array(segment, { minLength: 2, maxLength: 2 }),
    query,
    body: bodyFor(route),
    contentType,
    authorization,
    idempotencyKey: fc.option(headerText(300), { nil: undefined })
  })

const pathOf = (route: Route, params: ReadonlyArray<string>): string => {
  let i = 0
  return route.path.replace(/\{\w+\}/g, () => params[i++] ?? "x")
}

beforeAll(async () => {
  server = await startTestServer()
  client = clientOf(server.url)
  admin = await registerGroup(client, { seats: 3 })
  member = await registerUser(client, admin.code)
})
afterAll(() => server.close())

describe("SPEC §7 fuzz: no 5xx, problem+json on every error", () => {
  for (const route of API_ROUTES) {
    it(`${route.method.toUpperCase()} ${route.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          const headers: Record<string, string> = {}
          if (request.contentType !== undefined) headers["content-type"] = request.contentType
          if (request.authorization === "member") headers["authorization"] = `Bearer ${member.token}`
          else if (request.authorization === "admin") headers["authorization"] = `Bearer ${admin.token}`
          else if (request.authorization !== undefined) headers["authorization"] = request.authorization
          if (request.idempotencyKey !== undefined) headers["idempotency-key"] = request.idempotencyKey
          const sendsBody = request.body !== undefined && request.method !== "GET" && request.method !== "HEAD"
          const response = await client(request.method, pathOf(route, request.params) + request.query, {
            headers,
            ...(sendsBody ? { raw: request.body as string | Uint8Array } : {})
          })
          assert.isBelow(response.status, 500, response.text)
          if (response.status >= 400 && request.method !== "HEAD") assert.strictEqual(isProblem(response), true, response.text)
          expect(response.text).not.toMatch(/\n\s+at |node_modules|SELECT |Error:/)
        }),
        { numRuns: RUNS }
      )
    })
  }

  it("unknown paths and methods anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 4 }), fc.constantFrom(...METHODS), async (segments, method) => {
        const response = await client(method, "/" + segments.join("/"))
        expect(response.status).toBeLessThan(500)
        if (response.status >= 400 && method !== "HEAD") assert.strictEqual(isProblem(response), true, response.text)
      }),
      { numRuns: RUNS * 2 }
    )
  })
})

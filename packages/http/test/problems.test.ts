/**
 * API.md §4: every problem type at least once, with its status and its
 * RFC 9457 body (`type`, `title`, `status`, `detail`, and the extension
 * members the contract names: `errors`, `limit` and `max`; the `Retry-After`,
 * `Allow` and `WWW-Authenticate` headers).
 */
import { assert, afterAll, beforeAll, describe, expect, it } from "vitest"
import { PROBLEM_TYPES } from "../src/problems/ProblemTypes.js"
import { type Client, clientOf, isProblem, type Received } from "./support/Client.js"
import { type Admin, PASSWORD, registerGroup, registerUser, registrationBody, uniqueKey } from "./support/Scenario.js"
import { MemoryStoreFaults, SimulatedGatewayControl, startTestServer, type TestServer } from "./support/TestServer.js"

const seen = new Set<string>()

const expectProblem = (response: Received, slug: keyof typeof PROBLEM_TYPES): void => {
  assert.strictEqual(response.status, PROBLEM_TYPES[slug].status, response.text)
  assert.strictEqual(isProblem(response), true, response.text)
  expect(response.body.type).toBe(`/problems/${slug}`)
  seen.add(slug)
}

describe("API.md §4 problems", () => {
  let server: TestServer
  let client: Client
  let g1: Admin
  let g2: Admin

  beforeAll(async () => {
    server = await startTestServer()
    client = clientOf(server.url)
    g1 = await registerGroup(client, { seats: 2 })
    g2 = await registerGroup(client, { seats: 1 })
  })
  afterAll(() => server.close())

  it("malformed-request: JSON that does not parse, a body that is not an object, an empty body", async () => {
    expectProblem(await client("POST", "/v1/groups", { raw: "{", headers: { "content-type": "application/json" } }), "malformed-request")
    expectProblem(await client("POST", "/v1/groups", { body: [1, 2] }), "malformed-request")
    expectProblem(await client("POST", "/v1/groups", { body: "a string" }), "malformed-request")
    expectProblem(await client("POST", "/v1/groups"), "malformed-request")
    expectProblem(await client("POST", "/v1/groups", { raw: " ", headers: { "content-type": "application/json" } }), "malformed-request")
  })

  it("unsupported-media-type and payload-too-large (API.md §5 Bodies)", async () => {
    expectProblem(await client("POST", "/v1/groups", { raw: "{}", headers: { "content-type": "text/plain" } }), "unsupported-media-type")
    expectProblem(await client("POST", "/v1/groups", { raw: "{}" }), "unsupported-media-type")
    const huge = JSON.stringify({ name: "x".repeat(110_000) })
    expectProblem(await client("POST", "/v1/groups", { raw: huge, headers: { "content-type": "application/json" } }), "payload-too-large")
  })

  it("method-not-allowed with Allow, not-found for an unknown route", async () => {
    const response = await client("PUT", "/v1/me")
    expectProblem(response, "method-not-allowed")
    expect(response.headers.get("allow")).toBe("GET, HEAD, PATCH")
    expectProblem(await client("GET", "/v1/nothing-here"), "not-found")
  })

  it("unauthenticated: no token, a malformed header, an unknown token; with WWW-Authenticate", async () => {
    const none = await client("GET", "/v1/me")
    expectProblem(none, "unauthenticated")
    expect(none.headers.get("www-authenticate")).toBe("Bearer")
    expectProblem(await client("GET", "/v1/me", { headers: { authorization: "Basic abc" } }), "unauthenticated")
    expectProblem(await client("GET", "/v1/me", { token: "not-a-token" }), "unauthenticated")
  })

  it("R5 invalid-credentials: byte-for-byte the same body whether or not the account exists", async () => {
    const wrongPassword = await client("POST", "/v1/sessions", { body: { login: g1.email, password: "wrong password!!", client: "cabinet" } })
    const unknown = await client("POST", "/v1/sessions", { body: { login: "nobody@example.com", password: "wrong password!!", client: "cabinet" } })
    expectProblem(wrongPassword, "invalid-credentials")
    expect(unknown.text).toBe(wrongPassword.text)
  })

  it("R4 admin-cannot-use-apps, only after the right password", async () => {
    expectProblem(await client("POST", "/v1/sessions", { body: { login: g1.email, password: PASSWORD, client: "app" } }), "admin-cannot-use-apps")
    expectProblem(await client("POST", "/v1/sessions", { body: { login: g1.email, password: "not the password", client: "app" } }), "invalid-credentials")
  })

  it("R1 forbidden: a User on an admin route, an admin on a User route and recording a phone call", async () => {
    const user = await registerUser(client)
    expectProblem(await client("GET", "/v1/admin/group", { token: user.token }), "forbidden")
    expectProblem(await client("GET", "/v1/me", { token: g1.token }), "forbidden")
    expectProblem(await client("POST", "/v1/me/phone-calls", { token: g1.token, body: { phoneNumber: "+74951234567", minutes: 1 } }), "forbidden")
  })

  it("R31 admin-cannot-call and conference-limit-exceeded with limit and max", async () => {
    expectProblem(await client("POST", "/v1/me/conference-permits", { token: g1.token, body: { kind: "symmetric", participants: 3 } }), "admin-cannot-call")
    const user = await registerUser(client)
    const kind = await client("POST", "/v1/me/conference-permits", { token: user.token, body: { kind: "role-based", participants: 10 } })
    expectProblem(kind, "conference-limit-exceeded")
    expect(kind.body).toMatchObject({ limit: "kind", max: 0 })
    const participants = await client("POST", "/v1/me/conference-permits", { token: user.token, body: { kind: "symmetric", participants: 5 } })
    expect(participants.body).toMatchObject({ limit: "participants", max: 4 })
  })

  it("not-found: another group's invoice and member, and an id that is not one", async () => {
    expectProblem(await client("GET", `/v1/admin/invoices/${g1.firstInvoiceId}`, { token: g2.token }), "not-found")
    expectProblem(await client("GET", "/v1/admin/invoices/not-an-id", { token: g2.token }), "not-found")
    const member = await registerUser(client, g1.code)
    expectProblem(await client("DELETE", `/v1/admin/members/${member.id}`, { token: g2.token }), "not-found")
  })

  it("R2 validation-failed names every bad field by dotted path; trueconf-id-taken and email-taken", async () => {
    const invalid = await client("POST", "/v1/groups", { body: { name: "", seats: 0, admin: { email: "nope", password: "short" } } })
    expectProblem(invalid, "validation-failed")
    const fields = invalid.body.errors.map((error: { field: string }) => error.field)
    expect(fields).toEqual(expect.arrayContaining(["name", "seats", "admin.email", "admin.password", "admin.passwordConfirmation"]))
    const body = registrationBody()
    expect((await client("POST", "/v1/users", { body })).status).toBe(201)
    expectProblem(await client("POST", "/v1/users", { body: { ...body, email: `other.${body.email}` } }), "trueconf-id-taken")
    expectProblem(await client("POST", "/v1/users", { body: { ...body, trueconfId: `${body.trueconfId}x` } }), "email-taken")
    expectProblem(await client("POST", "/v1/groups", {
      body: { name: "Dup", seats: 1, admin: { email: g1.email, password: PASSWORD, passwordConfirmation: PASSWORD } }
    }), "email-taken")
  })

  it("R12 corporate-code-invalid names corporateCode; already-member, member-of-another-group, group-full", async () => {
    const invalid = await client("POST", "/v1/users", { body: registrationBody({ corporateCode: "AAAA-BBBB-CCCC-DDDD" }) })
    expectProblem(invalid, "corporate-code-invalid")
    expect(invalid.body.errors).toEqual([{ field: "corporateCode", message: expect.any(String) }])
    const member = await registerUser(client, g2.code)
    expectProblem(await client("POST", "/v1/me/group", { token: member.token, body: { corporateCode: g2.code } }), "already-member")
    expectProblem(await client("POST", "/v1/me/group", { token: member.token, body: { corporateCode: g1.code } }), "member-of-another-group")
    expectProblem(await client("POST", "/v1/users", { body: registrationBody({ corporateCode: g2.code }) }), "group-full")
  })

  it("R14, R45 not-a-member and insufficient-balance", async () => {
    const loner = await registerUser(client)
    expectProblem(await client("DELETE", "/v1/me/group", { token: loner.token }), "not-a-member")
    expectProblem(await client("POST", "/v1/me/phone-calls", { token: loner.token, body: { phoneNumber: "+74951234567", minutes: 1 } }), "not-a-member")
    const member = await registerUser(client, g1.code)
    expectProblem(await client("POST", "/v1/me/phone-calls", { token: member.token, body: { phoneNumber: "+74951234567", minutes: 1 } }), "insufficient-balance")
  })

  it("R43 seats-below-members; R44 open-invoice-exists and invoice-not-open", async () => {
    const group = await registerGroup(client, { seats: 3 })
    await registerUser(client, group.code)
    await registerUser(client, group.code)
    const below = await client("PUT", "/v1/admin/seats", { token: group.token, body: { seats: 1 } })
    expectProblem(below, "seats-below-members")
    expect((await client("POST", "/v1/admin/renewals", { token: group.token })).status).toBe(201)
    expectProblem(await client("POST", "/v1/admin/renewals", { token: group.token }), "open-invoice-exists")
    expectProblem(await client("POST", `/v1/admin/invoices/${group.firstInvoiceId}/payments`, {
      token: group.token,
      headers: { "Idempotency-Key": uniqueKey() },
      body: { paymentMethod: "tok_visa" }
    }), "invoice-not-open")
  })

  it("R44 idempotency-key-required, payment-declined, a replay, idempotency-key-reuse", async () => {
    const group = await registerGroup(client, { pay: false })
    const path = `/v1/admin/invoices/${group.firstInvoiceId}/payments`
    expectProblem(await client("POST", path, { token: group.token, body: { paymentMethod: "tok_visa" } }), "idempotency-key-required")
    const key = uniqueKey()
    const declined = await client("POST", path, { token: group.token, headers: { "Idempotency-Key": key }, body: { paymentMethod: "tok_chargeDeclined" } })
    expectProblem(declined, "payment-declined")
    const replay = await client("POST", path, { token: group.token, headers: { "Idempotency-Key": key }, body: { paymentMethod: "tok_chargeDeclined" } })
    expect(replay.text).toBe(declined.text)
    expectProblem(await client("POST", path, { token: group.token, headers: { "Idempotency-Key": key }, body: { paymentMethod: "tok_visa" } }), "idempotency-key-reuse")
    const invalidMethod = await client("POST", path, { token: group.token, headers: { "Idempotency-Key": uniqueKey() }, body: { paymentMethod: "tok_bogus" } })
    expectProblem(invalidMethod, "validation-failed")
  })

  it("R44 idempotency-key-in-flight while the first request with the key is charging", async () => {
    const group = await registerGroup(client, { pay: false })
    const path = `/v1/admin/invoices/${group.firstInvoiceId}/payments`
    const sent = { token: group.token, headers: { "Idempotency-Key": uniqueKey() }, body: { paymentMethod: "tok_visa" } }
    await server.control(SimulatedGatewayControl.use((gateway) => gateway.hold))
    const first = client("POST", path, sent)
    await server.control(SimulatedGatewayControl.use((gateway) => gateway.awaitHeld(1)))
    expectProblem(await client("POST", path, sent), "idempotency-key-in-flight")
    await server.control(SimulatedGatewayControl.use((gateway) => gateway.release))
    expect((await first).status).toBe(201)
  })

  it("unavailable: a store that loses its commit, a gateway outage; /readyz 503", async () => {
    const user = await registerUser(client)
    await server.control(MemoryStoreFaults.use((faults) => faults.failNextCommits(1)))
    const lost = await client("PATCH", "/v1/me", { token: user.token, body: { firstName: "Lost" } })
    expectProblem(lost, "unavailable")
    expect(lost.text).not.toMatch(/memory|stack|Error/i)
    expect((await client("GET", "/v1/me", { token: user.token })).body.firstName).not.toBe("Lost")
    await server.control(MemoryStoreFaults.use((faults) => faults.failNextCommits(1)))
    expectProblem(await client("GET", "/readyz"), "unavailable")
    const group = await registerGroup(client, { pay: false })
    await server.control(SimulatedGatewayControl.use((gateway) => gateway.failNext(1)))
    expectProblem(await client("POST", `/v1/admin/invoices/${group.firstInvoiceId}/payments`, {
      token: group.token,
      headers: { "Idempotency-Key": uniqueKey() },
      body: { paymentMethod: "tok_visa" }
    }), "unavailable")
  })
})

describe("R41 group-suspended (the clock moves past the paid period and the grace)", () => {
  let server: TestServer
  let client: Client
  beforeAll(async () => {
    server = await startTestServer({ BILLING_PERIOD_DAYS: "30", GRACE_PERIOD_DAYS: "3", SESSION_TTL_DAYS: "365" })
    client = clientOf(server.url)
  })
  afterAll(() => server.close())

  it("R41, R43 a suspended group takes no one and cannot raise its seats", async () => {
    const group = await registerGroup(client, { seats: 2 })
    const user = await registerUser(client)
    await server.advanceClock({ days: 34 })
    expectProblem(await client("POST", "/v1/me/group", { token: user.token, body: { corporateCode: group.code } }), "group-suspended")
    expectProblem(await client("PUT", "/v1/admin/seats", { token: group.token, body: { seats: 3 } }), "group-suspended")
  })
})

describe("R15 rate-limited, with Retry-After, before anything else of the request (API.md §5)", () => {
  let server: TestServer
  let client: Client
  beforeAll(async () => {
    server = await startTestServer({ THROTTLE_SIGN_INS_PER_PAIR: "2", THROTTLE_REDEMPTIONS_PER_ADDRESS: "2" })
    client = clientOf(server.url)
  })
  afterAll(() => server.close())

  it("R15 failed sign-ins: past the limit even the right password is refused", async () => {
    const group = await registerGroup(client)
    for (let i = 0; i < 2; i++) {
      expectProblem(await client("POST", "/v1/sessions", { body: { login: group.email, password: "wrong password!!", client: "cabinet" } }), "invalid-credentials")
    }
    const limited = await client("POST", "/v1/sessions", { body: { login: group.email, password: PASSWORD, client: "cabinet" } })
    expectProblem(limited, "rate-limited")
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(limited.body.retryAfter).toBe(Number(limited.headers.get("retry-after")))
  })

  it("R15 failed redemptions: a throttled address gets 429 before its token is looked at", async () => {
    const user = await registerUser(client)
    for (let i = 0; i < 2; i++) {
      expectProblem(await client("POST", "/v1/me/group", { token: user.token, body: { corporateCode: "nope" } }), "corporate-code-invalid")
    }
    expectProblem(await client("POST", "/v1/me/group", { token: "dead-token", body: { corporateCode: "nope" } }), "rate-limited")
    expectProblem(await client("POST", "/v1/me/group", { body: { corporateCode: "nope" } }), "rate-limited")
    // A malformed body is still 400: the body's checks come before the throttle.
    expectProblem(await client("POST", "/v1/me/group", { raw: "{", headers: { "content-type": "application/json" } }), "malformed-request")
  })
})

describe("coverage of §4", () => {
  it("met every problem type of API.md §4", () => {
    expect([...seen].toSorted()).toEqual(Object.keys(PROBLEM_TYPES).toSorted())
  })
})

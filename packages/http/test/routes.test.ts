/**
 * Every route of API.md answers its success status with the documented
 * shape: each success body is decoded with the response Schema of the
 * OpenAPI document, excess properties refused, so the document and the API
 * cannot drift apart. Walks the README's tour and then every other route.
 */
import { Schema } from "effect"
import { assert, afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Shapes from "../src/openapi/ResponseSchemas.js"
import { API_ROUTES } from "../src/routes/ApiRoutes.js"
import { type Client, clientOf, type Received, type Sent } from "./support/Client.js"
import { type Admin, type Member, PASSWORD, registerGroup, registerUser, registrationBody, uniqueKey } from "./support/Scenario.js"
import { startTestServer, type TestServer } from "./support/TestServer.js"

let server: TestServer
let client: Client
const covered = new Set<string>()

/** Calls a route of the table by its operationId, checking status and shape. */
const call = async (
  operationId: string,
  path: string,
  sent: Sent,
  expected: { status: number; shape?: Schema.Top }
): Promise<Received> => {
  const route = API_ROUTES.find((r) => r.doc.operationId === operationId)!
  const response = await client(route.method.toUpperCase(), path, sent)
  assert.strictEqual(response.status, expected.status, `${operationId}: ${response.text}`)
  if (expected.shape === undefined) expect(response.text).toBe("")
  else {
    expect(response.headers.get("content-type")).toMatch(/^application\/json/)
    Schema.decodeUnknownSync(expected.shape as Schema.Codec<unknown, unknown>, { onExcessProperty: "error" })(response.body)
  }
  covered.add(operationId)
  return response
}

beforeAll(async () => {
  server = await startTestServer()
  client = clientOf(server.url)
})
afterAll(() => server.close())

describe("every route of API.md answers its success", () => {
  let admin: Admin
  let member: Member

  it("R18 registers a group, signs its admin in (R5) and pays the first invoice (R42, R44)", async () => {
    const registered = await call("registerGroup", "/v1/groups", {
      body: { name: "Tour", seats: 3, admin: { email: "tour-admin@example.com", password: PASSWORD, passwordConfirmation: PASSWORD } }
    }, { status: 201, shape: Shapes.RegisteredGroupBody })
    expect(registered.body.group.status).toBe("pending-payment")
    expect(registered.body.invoice.issuedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
    const session = await call("signIn", "/v1/sessions", {
      body: { login: "TOUR-ADMIN@example.com", password: PASSWORD, client: "cabinet" }
    }, { status: 201, shape: Shapes.SessionBody })
    expect(session.body.account.kind).toBe("group-admin")
    admin = {
      token: session.body.token,
      email: "tour-admin@example.com",
      groupId: registered.body.group.id,
      code: registered.body.group.corporateCode,
      firstInvoiceId: registered.body.invoice.id
    }
    const paid = await call("payInvoice", `/v1/admin/invoices/${admin.firstInvoiceId}/payments`, {
      token: admin.token,
      headers: { "Idempotency-Key": uniqueKey() },
      body: { paymentMethod: "tok_visa" }
    }, { status: 201, shape: Shapes.PaidBody })
    expect(paid.body.invoice.status).toBe("paid")
  })

  it("R2, R12 registers a user with the code and reads the profile with the Corporate tariff (R32)", async () => {
    const body = registrationBody({ corporateCode: admin.code.toLowerCase() })
    const registered = await call("registerUser", "/v1/users", { body }, { status: 201, shape: Shapes.RegisteredUserBody })
    expect(registered.body.group.id).toBe(admin.groupId)
    expect(registered.body.tariff.name).toBe("corporate")
    const session = await client("POST", "/v1/sessions", { body: { login: body.trueconfId, password: PASSWORD, client: "app" } })
    member = { token: session.body.token, id: registered.body.user.id, trueconfId: registered.body.user.trueconfId, email: body.email }
    const me = await call("getMe", "/v1/me", { token: member.token }, { status: 200, shape: Shapes.MeBody })
    expect(me.body.tariff.name).toBe("corporate")
    const patched = await call("updateMe", "/v1/me", { token: member.token, body: { firstName: "Grace" } }, {
      status: 200,
      shape: Shapes.MeBody
    })
    expect(patched.body.firstName).toBe("Grace")
  })

  it("R16 reads the address book", async () => {
    const book = await call("addressBook", "/v1/me/address-book?limit=10", { token: member.token }, {
      status: 200,
      shape: Shapes.AddressBookPage
    })
    expect(book.body.items.map((entry: { id: string }) => entry.id)).toEqual([member.id])
    expect(book.body.nextCursor).toBeNull()
  })

  it("R31 answers a conference permit", async () => {
    const permit = await call("requestConferencePermit", "/v1/me/conference-permits", {
      token: member.token,
      body: { kind: "role-based", participants: 100, presenters: 4 }
    }, { status: 200, shape: Shapes.PermitBody })
    expect(permit.body).toMatchObject({ allowed: true, maxDurationMinutes: null })
  })

  it("R45 tops up the phone balance, reads it and records a call", async () => {
    await call("topUpPhoneBalance", "/v1/admin/phone-balance/top-ups", {
      token: admin.token,
      headers: { "Idempotency-Key": uniqueKey() },
      body: { amount: { amount: 10_000, currency: "RUB" }, paymentMethod: "tok_visa" }
    }, { status: 201, shape: Shapes.ToppedUpBody })
    const balance = await call("phoneBalance", "/v1/admin/phone-balance", { token: admin.token }, {
      status: 200,
      shape: Shapes.PhoneBalanceBody
    })
    expect(balance.body.balance.amount).toBe(10_000)
    const call1 = await call("recordPhoneCall", "/v1/me/phone-calls", {
      token: member.token,
      body: { phoneNumber: "+74951234567", minutes: 3 }
    }, { status: 201, shape: Shapes.RecordedCallBody })
    expect(call1.body.balance.amount).toBe(10_000 - 3 * balance.body.ratePerMinute.amount)
  })

  it("R14, R12 leaves the group and joins it again", async () => {
    await call("leaveGroup", "/v1/me/group", { token: member.token }, { status: 204 })
    const joined = await call("joinGroup", "/v1/me/group", { token: member.token, body: { corporateCode: admin.code } }, {
      status: 200,
      shape: Shapes.JoinedBody
    })
    expect(joined.body.group.id).toBe(admin.groupId)
  })

  it("R5 changes the user's password", async () => {
    await call("changeMyPassword", "/v1/me/password", {
      token: member.token,
      body: { currentPassword: PASSWORD, newPassword: PASSWORD + "!", newPasswordConfirmation: PASSWORD + "!" }
    }, { status: 204 })
    const again = await client("POST", "/v1/sessions", { body: { login: member.email, password: PASSWORD + "!", client: "app" } })
    expect(again.status).toBe(201)
    // The session that changed it stays (R5).
    expect((await client("GET", "/v1/me", { token: member.token })).status).toBe(200)
  })

  it("R17, R15 reads, edits the group and rotates its code", async () => {
    const info = await call("groupInfo", "/v1/admin/group", { token: admin.token }, { status: 200, shape: Shapes.GroupInfoBody })
    expect(info.body).toMatchObject({ members: 1, freeSeats: 2, status: "active" })
    await call("editGroup", "/v1/admin/group", { token: admin.token, body: { name: "Tour II" } }, {
      status: 200,
      shape: Shapes.GroupInfoBody
    })
    const rotated = await call("rotateCode", "/v1/admin/group/code", { token: admin.token }, {
      status: 200,
      shape: Shapes.CorporateCodeBody
    })
    expect(rotated.body.corporateCode).not.toBe(admin.code)
  })

  it("R13, R14, R16 adds, lists and removes members", async () => {
    const added = await call("addMember", "/v1/admin/members", { token: admin.token, body: registrationBody() }, {
      status: 201,
      shape: Shapes.MemberBody
    })
    const list = await call("listMembers", "/v1/admin/members", { token: admin.token }, { status: 200, shape: Shapes.MembersPage })
    expect(list.body.items).toHaveLength(2)
    await call("removeMember", `/v1/admin/members/${added.body.id}`, { token: admin.token }, { status: 204 })
  })

  it("R43 lowers (200) and raises (202) the seats", async () => {
    const lowered = await call("changeSeats", "/v1/admin/seats", { token: admin.token, body: { seats: 2 } }, {
      status: 200,
      shape: Shapes.SeatsAppliedBody
    })
    expect(lowered.body).toEqual({ seats: 2, invoice: null })
    const raised = await client("PUT", "/v1/admin/seats", { token: admin.token, body: { seats: 4 } })
    expect(raised.status).toBe(202)
    Schema.decodeUnknownSync(Shapes.SeatsPendingBody, { onExcessProperty: "error" })(raised.body)
    expect(raised.body).toMatchObject({ seats: 2, pendingSeats: 4 })
  })

  it("R42, R44 issues a renewal and lists invoices and payments", async () => {
    const renewal = await call("renew", "/v1/admin/renewals", { token: admin.token }, { status: 201, shape: Shapes.RenewalBody })
    const invoices = await call("listInvoices", "/v1/admin/invoices?limit=2", { token: admin.token }, {
      status: 200,
      shape: Shapes.InvoicesPage
    })
    expect(invoices.body.items[0].id).toBe(renewal.body.invoice.id)
    expect(invoices.body.nextCursor).toEqual(expect.any(String))
    await call("getInvoice", `/v1/admin/invoices/${renewal.body.invoice.id}`, { token: admin.token }, {
      status: 200,
      shape: Shapes.InvoiceBody
    })
    const payments = await call("listPayments", "/v1/admin/payments", { token: admin.token }, {
      status: 200,
      shape: Shapes.PaymentsPage
    })
    expect(payments.body.items.length).toBeGreaterThanOrEqual(2)
  })

  it("R51, R5 reads the audit trail and changes the admin's password", async () => {
    const audit = await call("auditTrail", "/v1/admin/audit", { token: admin.token }, { status: 200, shape: Shapes.AuditPage })
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toContain("group-registered")
    await call("changeAdminPassword", "/v1/admin/password", {
      token: admin.token,
      body: { currentPassword: PASSWORD, newPassword: PASSWORD + "?", newPasswordConfirmation: PASSWORD + "?" }
    }, { status: 204 })
  })

  it("signs out: the token is dead at the next request", async () => {
    await call("signOut", "/v1/sessions/current", { token: member.token }, { status: 204 })
    expect((await client("GET", "/v1/me", { token: member.token })).status).toBe(401)
  })

  it("R43 a seat change of a pending-payment group answers the replacing first invoice", async () => {
    const pending = await registerGroup(client, { pay: false })
    const changed = await client("PUT", "/v1/admin/seats", { token: pending.token, body: { seats: 7 } })
    expect(changed.status).toBe(200)
    expect(changed.body.invoice).toMatchObject({ kind: "first", seats: 7, status: "open" })
  })

  it("the host's own routes answer", async () => {
    expect((await client("GET", "/healthz")).status).toBe(200)
    expect((await client("GET", "/readyz")).status).toBe(200)
    expect((await client("GET", "/openapi.json")).body.openapi).toBe("3.1.0")
    expect((await client("GET", "/docs")).headers.get("content-type")).toMatch(/^text\/html/)
  })

  it("covered every route of the table", () => {
    expect([...covered].toSorted()).toEqual(API_ROUTES.map((route) => route.doc.operationId).toSorted())
  })

  // Not a route of its own: keeps registerUser (the helper) honest about what the tour uses.
  it("registers a user without a code on the Free tariff (R3)", async () => {
    const user = await registerUser(client)
    const me = await client("GET", "/v1/me", { token: user.token })
    expect(me.body).toMatchObject({ tariff: { name: "free" }, group: null })
  })
})

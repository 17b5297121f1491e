/**
 * API.md §3: the authorization matrix. Every route × {anonymous, member of G1,
 * member of G2, admin of G1, admin of G2}, each cell in a fresh world, with a
 * request that is valid for a caller allowed to make it. Expected: public
 * routes answer anyone; no token is 401; the wrong account kind is 403 (R1;
 * conference permits: `admin-cannot-call`); an admin reaching G1's objects
 * from G2 is 404 (another group's object); everyone else succeeds (2xx).
 */
import { assert, afterAll, beforeAll, describe, expect, it } from "vitest"
import { API_ROUTES } from "../src/routes/ApiRoutes.js"
import type { Route } from "../src/routes/Route.js"
import { type Client, clientOf, isProblem, type Sent } from "./support/Client.js"
import { type Admin, type Member, PASSWORD, registerGroup, registerUser, registrationBody, topUp, uniqueKey } from "./support/Scenario.js"
import { startTestServer, type TestServer } from "./support/TestServer.js"

type Caller = "anonymous" | "member of G1" | "member of G2" | "admin of G1" | "admin of G2"
const CALLERS: ReadonlyArray<Caller> = ["anonymous", "member of G1", "member of G2", "admin of G1", "admin of G2"]

interface World {
  readonly g1: Admin
  readonly g2: Admin
  readonly m1: Member
  readonly m2: Member
}

interface Call extends Sent {
  readonly path: string
}

let server: TestServer
let client: Client

const newWorld = async (): Promise<World> => {
  const g1 = await registerGroup(client, { seats: 5 })
  const g2 = await registerGroup(client, { seats: 5 })
  const m1 = await registerUser(client, g1.code)
  const m2 = await registerUser(client, g2.code)
  await topUp(client, g1, 10_000)
  await topUp(client, g2, 10_000)
  return { g1, g2, m1, m2 }
}

const tokenOf = (world: World, caller: Caller): string | undefined =>
  ({
    anonymous: undefined,
    "member of G1": world.m1.token,
    "member of G2": world.m2.token,
    "admin of G1": world.g1.token,
    "admin of G2": world.g2.token
  })[caller]

const payment = (body: unknown): Sent => ({ headers: { "Idempotency-Key": uniqueKey() }, body })

/** A request to each route that an allowed caller can make successfully; G1's objects where the path names one. */
const REQUESTS: Record<string, (world: World, token: string | undefined) => Promise<Call> | Call> = {
  signIn: (world) => ({ path: "/v1/sessions", body: { login: world.m1.email, password: PASSWORD, client: "app" } }),
  signOut: () => ({ path: "/v1/sessions/current" }),
  registerUser: () => ({ path: "/v1/users", body: registrationBody() }),
  registerGroup: () => ({
    path: "/v1/groups",
    body: { name: "New", seats: 1, admin: { email: `${uniqueKey()}@example.com`, password: PASSWORD, passwordConfirmation: PASSWORD } }
  }),
  getMe: () => ({ path: "/v1/me" }),
  updateMe: () => ({ path: "/v1/me", body: { lastName: "Hopper" } }),
  changeMyPassword: () => ({
    path: "/v1/me/password",
    body: { currentPassword: PASSWORD, newPassword: PASSWORD + "1", newPasswordConfirmation: PASSWORD + "1" }
  }),
  joinGroup: async (world, token) => {
    // A member leaves first, so the join itself is what is tried.
    if (token !== undefined) await client("DELETE", "/v1/me/group", { token })
    return { path: "/v1/me/group", body: { corporateCode: world.g1.code } }
  },
  leaveGroup: () => ({ path: "/v1/me/group" }),
  addressBook: () => ({ path: "/v1/me/address-book" }),
  requestConferencePermit: () => ({ path: "/v1/me/conference-permits", body: { kind: "symmetric", participants: 3 } }),
  recordPhoneCall: () => ({ path: "/v1/me/phone-calls", body: { phoneNumber: "+74951234567", minutes: 2 } }),
  groupInfo: () => ({ path: "/v1/admin/group" }),
  editGroup: () => ({ path: "/v1/admin/group", body: { name: "Renamed" } }),
  rotateCode: () => ({ path: "/v1/admin/group/code" }),
  changeAdminPassword: () => ({
    path: "/v1/admin/password",
    body: { currentPassword: PASSWORD, newPassword: PASSWORD + "1", newPasswordConfirmation: PASSWORD + "1" }
  }),
  listMembers: () => ({ path: "/v1/admin/members" }),
  addMember: () => ({ path: "/v1/admin/members", body: registrationBody() }),
  removeMember: (world) => ({ path: `/v1/admin/members/${world.m1.id}` }),
  auditTrail: () => ({ path: "/v1/admin/audit" }),
  changeSeats: () => ({ path: "/v1/admin/seats", body: { seats: 5 } }),
  renew: () => ({ path: "/v1/admin/renewals" }),
  listInvoices: () => ({ path: "/v1/admin/invoices" }),
  getInvoice: (world) => ({ path: `/v1/admin/invoices/${world.g1.firstInvoiceId}` }),
  payInvoice: async (world) => {
    const renewal = await client("POST", "/v1/admin/renewals", { token: world.g1.token })
    return { path: `/v1/admin/invoices/${renewal.body.invoice.id}/payments`, ...payment({ paymentMethod: "tok_visa" }) }
  },
  listPayments: () => ({ path: "/v1/admin/payments" }),
  phoneBalance: () => ({ path: "/v1/admin/phone-balance" }),
  topUpPhoneBalance: () => ({
    path: "/v1/admin/phone-balance/top-ups",
    ...payment({ amount: { amount: 500, currency: "RUB" }, paymentMethod: "tok_visa" })
  })
}

/** Routes whose path names an object of G1. */
const NAMES_G1_OBJECT = new Set(["removeMember", "getInvoice", "payInvoice"])

const expectedOf = (route: Route, caller: Caller): "2xx" | number => {
  if (route.access === "public") return "2xx"
  if (caller === "anonymous") return 401
  const isAdmin = caller.startsWith("admin")
  switch (route.access) {
    case "user":
      return isAdmin ? 403 : "2xx"
    case "group-admin":
      if (!isAdmin) return 403
      return caller === "admin of G2" && NAMES_G1_OBJECT.has(route.doc.operationId) ? 404 : "2xx"
    case "signed-in":
      // R31: an admin asking for a permit is refused (`admin-cannot-call`, 403); anyone signs out.
      return isAdmin && route.doc.operationId === "requestConferencePermit" ? 403 : "2xx"
  }
}

beforeAll(async () => {
  server = await startTestServer()
  client = clientOf(server.url)
})
afterAll(() => server.close())

describe("R1 authorization matrix: every route × every kind of caller", () => {
  for (const route of API_ROUTES) {
    for (const caller of CALLERS) {
      const expected = expectedOf(route, caller)
      it(`${route.method.toUpperCase()} ${route.path} as ${caller}: ${expected}`, async () => {
        const world = await newWorld()
        const token = tokenOf(world, caller)
        const request = REQUESTS[route.doc.operationId]
        assert.isDefined(request, `no request for ${route.doc.operationId}`)
        const { path, ...sent } = await request!(world, caller.startsWith("member") ? token : undefined)
        const response = await client(route.method.toUpperCase(), path, { ...sent, ...(token === undefined ? {} : { token }) })
        if (expected === "2xx") {
          assert.isAtLeast(response.status, 200, response.text)
          assert.isBelow(response.status, 300, response.text)
        } else {
          assert.strictEqual(response.status, expected, response.text)
          expect(isProblem(response)).toBe(true)
        }
      })
    }
  }
})

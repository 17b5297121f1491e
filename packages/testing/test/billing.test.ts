/**
 * R18, R42–R45, R50, R51: the billing and group-registration use cases,
 * run against the in-memory adapters. Time is Effect's `TestClock` (it starts
 * at the epoch and moves only with `TestClock.adjust`).
 */
import {
  MemoryAdapters,
  MemoryStoreFaults,
  MemoryStoreInspector,
  SimulatedGatewayControl
} from "@corporate-groups/adapters"
import {
  addMember,
  type AdminPrincipal,
  auditTrail,
  changeSeats,
  getInvoice,
  groupInfo,
  listInvoices,
  listPayments,
  payInvoice,
  phoneBalance,
  recordPhoneCall,
  registerGroup,
  registerUser,
  renew,
  type SessionId,
  topUpPhoneBalance,
  type UserPrincipal
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"

const DAY = 24 * 60 * 60 * 1000
const PRICE = 45_000
const SESSION = "00000000-0000-7000-8000-000000000000" as SessionId
const PASSWORD = "correct horse battery staple"
const client = { address: "203.0.113.7" }

const world = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(Effect.provide(MemoryAdapters.layer({ fastHashing: true })))

const ms = (at: DateTime.Utc | null) => (at === null ? null : DateTime.toEpochMillis(at))

let registrations = 0
const groupInput = (seats = 10, email?: string) => ({
  name: "Acme",
  seats,
  admin: {
    email: email ?? `boss${++registrations}@example.com`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD
  }
})

/** A registered group and its admin, signed in. */
const setUp = Effect.fnUntraced(function*(seats = 10) {
  const registered = yield* registerGroup(groupInput(seats))
  const admin: AdminPrincipal = {
    kind: "group-admin",
    adminId: registered.admin.id,
    groupId: registered.group.id,
    sessionId: SESSION
  }
  return { registered, admin }
})

let keys = 0
const key = () => `key-${++keys}`
const VISA = { paymentMethod: "tok_visa" }
const DECLINED = { paymentMethod: "tok_chargeDeclined" }

const payFirst = Effect.fnUntraced(function*(admin: AdminPrincipal, invoiceId: string) {
  return yield* payInvoice(admin, invoiceId, VISA, key())
})

let users = 0
const memberInput = () => {
  const n = ++users
  return {
    trueconfId: `member${n}`,
    email: `member${n}@example.com`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    firstName: "Anna",
    lastName: `Ivanova${n}`,
    country: "ru"
  }
}

const fieldsOf = (error: unknown): ReadonlyArray<string> =>
  (error as { errors?: ReadonlyArray<{ field: string }> }).errors?.map((e) => e.field) ?? []

describe("R18, R42: registering a group", () => {
  it.effect("R18: creates the admin, the group and its first invoice (seats × price for one period)", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(10)
      expect(registered.group.name).toBe("Acme")
      expect(registered.group.seats).toBe(10)
      expect(registered.group.members).toBe(0)
      expect(registered.group.status).toBe("pending-payment")
      expect(registered.group.corporateCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
      expect(registered.admin.email).toMatch(/@example\.com$/)
      const invoice = registered.invoice
      expect(invoice.kind).toBe("first")
      expect(invoice.status).toBe("open")
      expect(invoice.amount).toEqual({ amount: 10 * PRICE, currency: "RUB" })
      expect(invoice.seats).toBe(10)
      expect(ms(invoice.periodStart)).toBe(0)
      expect(ms(invoice.periodEnd)).toBe(30 * DAY)
      expect(invoice.paidAt).toBeNull()
      // The code shown in Group info is the one returned.
      const info = yield* groupInfo(admin)
      expect(info.corporateCode).toBe(registered.group.corporateCode)
      // R50, R51: events in the outbox, one audit entry.
      const snapshot = yield* (yield* MemoryStoreInspector).snapshot
      expect(snapshot.outbox.map((e) => e.type)).toEqual(["GroupRegistered", "InvoiceIssued"])
      const audit = yield* auditTrail(admin, {})
      expect(audit.items.map((e) => e.action)).toEqual(["group-registered"])
      expect(audit.items[0]!.actor).toEqual({ kind: "group-admin", id: registered.admin.id })
    })))

  it.effect("R2, R18: every invalid field at once, the confirmation on admin.passwordConfirmation", () =>
    world(Effect.gen(function*() {
      const error = yield* Effect.flip(registerGroup({
        name: "  ",
        seats: 0,
        admin: { email: "not-an-email", password: PASSWORD, passwordConfirmation: "something else entirely" }
      }))
      expect(error._tag).toBe("validation-failed")
      expect(fieldsOf(error).toSorted()).toEqual(["admin.email", "admin.passwordConfirmation", "name", "seats"])
      const tooMany = yield* Effect.flip(registerGroup(groupInput(10_001)))
      expect(fieldsOf(tooMany)).toEqual(["seats"])
      const snapshot = yield* (yield* MemoryStoreInspector).snapshot
      expect(snapshot.groups).toHaveLength(0)
    })))

  it.effect("R2: an email is unique among all accounts, in any case", () =>
    world(Effect.gen(function*() {
      yield* registerGroup(groupInput(5, "owner@example.com"))
      const error = yield* Effect.flip(registerGroup(groupInput(5, "OWNER@example.com")))
      expect(error._tag).toBe("email-taken")
      yield* registerUser({ ...memberInput(), email: "user@example.com" }, client)
      const again = yield* Effect.flip(registerGroup(groupInput(5, "user@example.com")))
      expect(again._tag).toBe("email-taken")
      const snapshot = yield* (yield* MemoryStoreInspector).snapshot
      expect(snapshot.groups).toHaveLength(1)
      expect(snapshot.admins).toHaveLength(1)
    })))
})

describe("R44: paying an invoice", () => {
  it.effect("R42: paying the first invoice makes the group active until its period ends", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(3)
      yield* TestClock.adjust("1 day")
      const { invoice, payment } = yield* payInvoice(admin, registered.invoice.id, VISA, key())
      expect(payment.status).toBe("succeeded")
      expect(payment.amount).toEqual({ amount: 3 * PRICE, currency: "RUB" })
      expect(payment.gatewayReference).toBeTruthy()
      expect(payment.failureReason).toBeNull()
      expect(payment.invoiceId).toBe(registered.invoice.id)
      expect(invoice.status).toBe("paid")
      expect(ms(invoice.paidAt)).toBe(DAY)
      const info = yield* groupInfo(admin)
      expect(info.status).toBe("active")
      expect(ms(info.paidThrough)).toBe(30 * DAY)
      const audit = yield* auditTrail(admin, {})
      expect(audit.items[0]!.action).toBe("payment-succeeded")
    })))

  it.effect("R44: refusals before any charge: key required, unknown method, another group's invoice, not open", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const other = yield* setUp()
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, undefined)))._tag)
        .toBe("idempotency-key-required")
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, "")))._tag)
        .toBe("idempotency-key-required")
      const method = yield* Effect.flip(payInvoice(admin, registered.invoice.id, { paymentMethod: "tok_bogus" }, key()))
      expect(method._tag).toBe("validation-failed")
      expect(fieldsOf(method)).toEqual(["paymentMethod"])
      expect((yield* Effect.flip(payInvoice(admin, other.registered.invoice.id, VISA, key())))._tag).toBe("not-found")
      expect((yield* Effect.flip(payInvoice(admin, "no-such-invoice", VISA, key())))._tag).toBe("not-found")
      yield* payFirst(admin, registered.invoice.id)
      const reused = key()
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, reused)))._tag).toBe("invoice-not-open")
      // A refusal keeps nothing under the key: it can be used for another request.
      const snapshot = yield* (yield* MemoryStoreInspector).snapshot
      expect(snapshot.idempotency.filter((r) => r.key === reused)).toHaveLength(0)
      const gateway = yield* SimulatedGatewayControl
      expect(yield* gateway.charges).toHaveLength(1)
    })))

  it.effect("R44: the same key and request replays the first result without charging again", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const k = key()
      const first = yield* payInvoice(admin, registered.invoice.id, VISA, k)
      const again = yield* payInvoice(admin, registered.invoice.id, { paymentMethod: "tok_visa" }, k)
      expect(again.payment).toEqual(first.payment)
      expect(again.invoice.status).toBe("paid")
      expect(yield* (yield* SimulatedGatewayControl).charges).toHaveLength(1)
      const reuse = yield* Effect.flip(payInvoice(admin, registered.invoice.id, DECLINED, k))
      expect(reuse._tag).toBe("idempotency-key-reuse")
      const payments = yield* listPayments(admin, {})
      expect(payments.items).toHaveLength(1)
    })))

  it.effect("R44: a decline is 402, kept in the history, replayed as a decline; the invoice stays open", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const k = key()
      const declined = yield* Effect.flip(payInvoice(admin, registered.invoice.id, DECLINED, k))
      expect(declined._tag).toBe("payment-declined")
      const replayed = yield* Effect.flip(payInvoice(admin, registered.invoice.id, DECLINED, k))
      expect(replayed._tag).toBe("payment-declined")
      if (declined._tag === "payment-declined" && replayed._tag === "payment-declined") {
        expect(replayed.paymentId).toBe(declined.paymentId)
        expect(replayed.reason).toBe(declined.reason)
      }
      expect(yield* (yield* SimulatedGatewayControl).charges).toHaveLength(1)
      expect((yield* getInvoice(admin, registered.invoice.id)).status).toBe("open")
      yield* payFirst(admin, registered.invoice.id)
      const history = yield* listPayments(admin, {})
      expect(history.items.map((p) => p.status)).toEqual(["succeeded", "failed"])
      expect(history.items[1]!.failureReason).toBe("card_declined")
      expect(history.items[1]!.gatewayReference).toBeTruthy()
      const audit = yield* auditTrail(admin, {})
      expect(audit.items.map((e) => e.action).slice(0, 2)).toEqual(["payment-succeeded", "payment-failed"])
    })))

  it.effect("R44: the gateway unavailable: `unavailable`, the key in flight, then a retry reuses the charge", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const gateway = yield* SimulatedGatewayControl
      yield* gateway.failNext(1, { charged: true })
      const k = key()
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, k)))._tag).toBe("unavailable")
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, k)))._tag)
        .toBe("idempotency-key-in-flight")
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, key())))._tag)
        .toBe("invoice-not-open")
      yield* TestClock.adjust("2 minutes")
      const paid = yield* payInvoice(admin, registered.invoice.id, VISA, k)
      expect(paid.invoice.status).toBe("paid")
      // The card was charged once: the retry reused the chargeKey and got the recorded result.
      expect(yield* gateway.charges).toHaveLength(1)
      expect((yield* listPayments(admin, {})).items).toHaveLength(1)
    })))

  it.effect("R44: a stale claim is taken over by another key, repeating the original charge", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const gateway = yield* SimulatedGatewayControl
      yield* gateway.failNext(1)
      const abandoned = key()
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, abandoned)))._tag).toBe("unavailable")
      yield* TestClock.adjust("2 minutes")
      const taken = yield* payInvoice(admin, registered.invoice.id, DECLINED, key())
      expect(taken.invoice.status).toBe("paid")
      const charges = yield* gateway.charges
      expect(charges.map((c) => c.request.paymentMethod)).toEqual(["tok_visa"])
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, abandoned)))._tag)
        .toBe("invoice-not-open")
      expect(yield* gateway.charges).toHaveLength(1)
    })))

  it.effect("R44: two racing payments with different keys charge once; the loser gets invoice-not-open", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const gateway = yield* SimulatedGatewayControl
      yield* gateway.hold
      const winner = yield* Effect.forkChild(payInvoice(admin, registered.invoice.id, VISA, key()))
      yield* gateway.awaitHeld(1)
      const loser = yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, key()))
      expect(loser._tag).toBe("invoice-not-open")
      yield* gateway.release
      const won = yield* Fiber.join(winner)
      expect(won.invoice.status).toBe("paid")
      expect(yield* gateway.charges).toHaveLength(1)
    })))

  it.effect("R44: the same new key sent twice at once charges once: the second is in flight", () =>
    world(Effect.gen(function*() {
      const { admin } = yield* setUp()
      const gateway = yield* SimulatedGatewayControl
      const k = key()
      const body = { amount: { amount: 700, currency: "RUB" }, paymentMethod: "tok_visa" }
      yield* gateway.hold
      const first = yield* Effect.forkChild(topUpPhoneBalance(admin, body, k))
      yield* gateway.awaitHeld(1)
      expect((yield* Effect.flip(topUpPhoneBalance(admin, body, k)))._tag).toBe("idempotency-key-in-flight")
      yield* gateway.release
      expect((yield* Fiber.join(first)).balance.amount).toBe(700)
      expect(yield* gateway.charges).toHaveLength(1)
      const snapshot = yield* (yield* MemoryStoreInspector).snapshot
      expect(snapshot.invoices.filter((row) => row.item.kind === "phone-top-up")).toHaveLength(1)
    })))

  it.effect("R44: retried transactions charge once; a lost commit before the charge keeps nothing", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const faults = yield* MemoryStoreFaults
      const gateway = yield* SimulatedGatewayControl
      const k = key()
      yield* faults.failNextCommits(1)
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, k)))._tag).toBe("unavailable")
      expect(yield* gateway.charges).toHaveLength(0)
      expect((yield* (yield* MemoryStoreInspector).snapshot).idempotency).toHaveLength(0)
      yield* faults.retryNextTransactions(2)
      const paid = yield* payInvoice(admin, registered.invoice.id, VISA, k)
      expect(paid.invoice.status).toBe("paid")
      expect(yield* gateway.charges).toHaveLength(1)
      const snapshot = yield* (yield* MemoryStoreInspector).snapshot
      expect(snapshot.payments).toHaveLength(1)
      expect(snapshot.chargeClaims).toHaveLength(0)
      expect(snapshot.outbox.filter((e) => e.type === "PaymentSucceeded")).toHaveLength(1)
      expect(snapshot.audit.filter((e) => e.item.action === "payment-succeeded")).toHaveLength(1)
    })))

  it.effect("R44: an unpaid first invoice is void once its period has ended", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      yield* TestClock.adjust("30 days")
      expect((yield* getInvoice(admin, registered.invoice.id)).status).toBe("void")
      expect((yield* Effect.flip(payFirst(admin, registered.invoice.id)))._tag).toBe("invoice-not-open")
    })))
})

describe("R43: changing the number of seats", () => {
  it.effect("R43: while pending payment a change replaces the first invoice at once", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(10)
      yield* TestClock.adjust("2 days")
      const changed = yield* changeSeats(admin, { seats: 4 })
      expect(changed.outcome).toBe("applied")
      expect(changed.body.seats).toBe(4)
      const first = changed.body.invoice!
      expect(first.kind).toBe("first")
      expect(first.seats).toBe(4)
      expect(first.amount.amount).toBe(4 * PRICE)
      expect(ms(first.periodStart)).toBe(2 * DAY)
      expect(ms(first.periodEnd)).toBe(32 * DAY)
      expect((yield* getInvoice(admin, registered.invoice.id)).status).toBe("void")
      expect((yield* Effect.flip(payFirst(admin, registered.invoice.id)))._tag).toBe("invoice-not-open")
      yield* payFirst(admin, first.id)
      expect(ms((yield* groupInfo(admin)).paidThrough)).toBe(32 * DAY)
      const audit = yield* auditTrail(admin, {})
      expect(audit.items.map((e) => e.action)).toEqual(["payment-succeeded", "seats-changed", "group-registered"])
    })))

  it.effect("R43, R44: an invoice being charged is not voided by a seat change under the payment", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(10)
      const gateway = yield* SimulatedGatewayControl
      yield* gateway.hold
      const paying = yield* Effect.forkChild(payFirst(admin, registered.invoice.id))
      yield* gateway.awaitHeld(1)
      const refused = yield* Effect.flip(changeSeats(admin, { seats: 4 }))
      expect(refused._tag).toBe("open-invoice-exists")
      yield* gateway.release
      expect((yield* Fiber.join(paying)).invoice.status).toBe("paid")
      expect((yield* groupInfo(admin)).seats).toBe(10)
    })))

  it.effect("R43: setting the current number is a no-op", () =>
    world(Effect.gen(function*() {
      const { admin } = yield* setUp(10)
      const same = yield* changeSeats(admin, { seats: 10 })
      expect(same).toEqual({ outcome: "applied", body: { seats: 10, invoice: null } })
      expect((yield* auditTrail(admin, {})).items).toHaveLength(1)
    })))

  it.effect("R43: raising an active group bills the added seats prorated; they exist exactly when paid", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(10)
      yield* payFirst(admin, registered.invoice.id)
      yield* TestClock.adjust("10 days")
      const raised = yield* changeSeats(admin, { seats: 13 })
      expect(raised.outcome).toBe("pending")
      if (raised.outcome !== "pending") return
      expect(raised.body.seats).toBe(10)
      expect(raised.body.pendingSeats).toBe(13)
      expect(raised.body.invoice.kind).toBe("seats")
      expect(raised.body.invoice.seats).toBe(3)
      expect(raised.body.invoice.amount).toEqual({ amount: 90_000, currency: "RUB" }) // 3 × 45,000 × 20/30
      expect(ms(raised.body.invoice.periodEnd)).toBe(30 * DAY)
      expect((yield* groupInfo(admin)).seats).toBe(10)
      yield* payFirst(admin, raised.body.invoice.id)
      const info = yield* groupInfo(admin)
      expect(info.seats).toBe(13)
      expect(ms(info.paidThrough)).toBe(30 * DAY)
    })))

  it.effect("R43: a newer raise voids an older unpaid one; lowering voids an unpaid raise", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(10)
      yield* payFirst(admin, registered.invoice.id)
      const older = yield* changeSeats(admin, { seats: 12 })
      const newer = yield* changeSeats(admin, { seats: 15 })
      if (older.outcome !== "pending" || newer.outcome !== "pending") throw new Error("expected raises")
      expect((yield* getInvoice(admin, older.body.invoice.id)).status).toBe("void")
      expect(newer.body.invoice.seats).toBe(5)
      const lowered = yield* changeSeats(admin, { seats: 8 })
      expect(lowered).toEqual({ outcome: "applied", body: { seats: 8, invoice: null } })
      expect((yield* getInvoice(admin, newer.body.invoice.id)).status).toBe("void")
      expect((yield* Effect.flip(payFirst(admin, newer.body.invoice.id)))._tag).toBe("invoice-not-open")
      expect((yield* groupInfo(admin)).seats).toBe(8)
    })))

  it.effect("R43: lowering below the member count is refused; a suspended group cannot raise, but may lower", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(5)
      yield* payFirst(admin, registered.invoice.id)
      yield* addMember(admin, memberInput())
      yield* addMember(admin, memberInput())
      const below = yield* Effect.flip(changeSeats(admin, { seats: 1 }))
      expect(below._tag).toBe("seats-below-members")
      yield* TestClock.adjust("34 days")
      expect((yield* groupInfo(admin)).status).toBe("suspended")
      expect((yield* Effect.flip(changeSeats(admin, { seats: 6 })))._tag).toBe("group-suspended")
      const lowered = yield* changeSeats(admin, { seats: 2 })
      expect(lowered.body.seats).toBe(2)
      const invalid = yield* Effect.flip(changeSeats(admin, { seats: 0 }))
      expect(fieldsOf(invalid)).toEqual(["seats"])
    })))
})

describe("R42, R44: renewals", () => {
  it.effect("R44: refused while the first invoice is open; R42: renewals prepay contiguous periods", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(2)
      const blocked = yield* Effect.flip(renew(admin))
      expect(blocked._tag).toBe("open-invoice-exists")
      yield* payFirst(admin, registered.invoice.id)
      yield* TestClock.adjust("5 days")
      const { invoice: renewal } = yield* renew(admin)
      expect(renewal.kind).toBe("renewal")
      expect(renewal.amount.amount).toBe(2 * PRICE)
      expect(ms(renewal.periodStart)).toBe(30 * DAY)
      expect(ms(renewal.periodEnd)).toBe(60 * DAY)
      expect((yield* Effect.flip(renew(admin)))._tag).toBe("open-invoice-exists")
      yield* payFirst(admin, renewal.id)
      expect(ms((yield* groupInfo(admin)).paidThrough)).toBe(60 * DAY)
      const { invoice: next } = yield* renew(admin)
      expect(ms(next.periodStart)).toBe(60 * DAY)
      const audit = yield* auditTrail(admin, {})
      expect(audit.items[0]!.action).toBe("invoice-issued")
    })))

  it.effect("R42: a suspended group renews from now; a group never paid gets a new first invoice from now", () =>
    world(Effect.gen(function*() {
      const paid = yield* setUp(2)
      const unpaid = yield* setUp(3)
      yield* payFirst(paid.admin, paid.registered.invoice.id)
      yield* TestClock.adjust("40 days")
      const { invoice: renewal } = yield* renew(paid.admin)
      expect(renewal.kind).toBe("renewal")
      expect(ms(renewal.periodStart)).toBe(40 * DAY)
      yield* payFirst(paid.admin, renewal.id)
      expect((yield* groupInfo(paid.admin)).status).toBe("active")
      const { invoice: first } = yield* renew(unpaid.admin)
      expect(first.kind).toBe("first")
      expect(first.seats).toBe(3)
      expect(ms(first.periodStart)).toBe(40 * DAY)
      expect((yield* getInvoice(unpaid.admin, unpaid.registered.invoice.id)).status).toBe("void")
    })))
})

describe("R44: invoices and payments lists", () => {
  it.effect("R44: newest first, paged by cursor; another group's invoice is not found", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp(2)
      const other = yield* setUp(2)
      yield* payFirst(admin, registered.invoice.id)
      const { invoice: renewal } = yield* renew(admin)
      const page1 = yield* listInvoices(admin, { limit: "1" })
      expect(page1.items.map((i) => i.id)).toEqual([renewal.id])
      expect(page1.nextCursor).not.toBeNull()
      const page2 = yield* listInvoices(admin, { limit: 1, cursor: page1.nextCursor! })
      expect(page2.items.map((i) => i.id)).toEqual([registered.invoice.id])
      expect(page2.nextCursor).toBeNull()
      expect((yield* getInvoice(admin, renewal.id)).kind).toBe("renewal")
      expect((yield* Effect.flip(getInvoice(admin, other.registered.invoice.id)))._tag).toBe("not-found")
      expect((yield* Effect.flip(getInvoice(admin, "nope")))._tag).toBe("not-found")
      expect(fieldsOf(yield* Effect.flip(listInvoices(admin, { cursor: "bogus" })))).toEqual(["cursor"])
      expect(fieldsOf(yield* Effect.flip(listPayments(admin, { limit: 0 })))).toEqual(["limit"])
    })))
})

describe("R45: phone balance and calls", () => {
  it.effect("R45: the balance and rate; a top-up is an invoice paid through the payment port", () =>
    world(Effect.gen(function*() {
      const { admin } = yield* setUp()
      expect(yield* phoneBalance(admin)).toEqual({
        balance: { amount: 0, currency: "RUB" },
        ratePerMinute: { amount: 300, currency: "RUB" }
      })
      const k = key()
      const body = { amount: { amount: 1000, currency: "RUB" }, paymentMethod: "tok_visa" }
      const topped = yield* topUpPhoneBalance(admin, body, k)
      expect(topped.balance).toEqual({ amount: 1000, currency: "RUB" })
      expect(topped.payment.status).toBe("succeeded")
      expect(topped.invoice).toMatchObject({ kind: "phone-top-up", status: "paid", seats: 0, periodStart: null, periodEnd: null })
      // Replayed, not charged again.
      const again = yield* topUpPhoneBalance(admin, { paymentMethod: "tok_visa", amount: { currency: "RUB", amount: 1000 } }, k)
      expect(again.payment.id).toBe(topped.payment.id)
      expect((yield* phoneBalance(admin)).balance.amount).toBe(1000)
      expect((yield* auditTrail(admin, {})).items[0]!.action).toBe("phone-balance-topped-up")
    })))

  it.effect("R45: a declined top-up voids its invoice and leaves the balance; bad currency and amount are validation", () =>
    world(Effect.gen(function*() {
      const { admin } = yield* setUp()
      const declined = yield* Effect.flip(
        topUpPhoneBalance(admin, { amount: { amount: 500, currency: "RUB" }, paymentMethod: "tok_chargeDeclined" }, key())
      )
      expect(declined._tag).toBe("payment-declined")
      if (declined._tag === "payment-declined") {
        expect((yield* getInvoice(admin, declined.invoiceId)).status).toBe("void")
      }
      expect((yield* phoneBalance(admin)).balance.amount).toBe(0)
      const currency = yield* Effect.flip(
        topUpPhoneBalance(admin, { amount: { amount: 500, currency: "USD" }, paymentMethod: "tok_visa" }, key())
      )
      expect(fieldsOf(currency)).toEqual(["amount.currency"])
      const zero = yield* Effect.flip(
        topUpPhoneBalance(admin, { amount: { amount: 0, currency: "RUB" }, paymentMethod: "tok_visa" }, key())
      )
      expect(fieldsOf(zero)).toEqual(["amount.amount"])
      expect((yield* Effect.flip(
        topUpPhoneBalance(admin, { amount: { amount: 5, currency: "RUB" }, paymentMethod: "tok_visa" }, undefined)
      ))._tag).toBe("idempotency-key-required")
    })))

  it.effect("R45: a member's call is debited at the rate; not-a-member; insufficient-balance; any status", () =>
    world(Effect.gen(function*() {
      const { admin } = yield* setUp()
      const member = yield* addMember(admin, memberInput())
      const user: UserPrincipal = { kind: "user", userId: member.id, sessionId: SESSION }
      const outsider = yield* registerUser(memberInput(), client)
      const stranger: UserPrincipal = { kind: "user", userId: outsider.user.id, sessionId: SESSION }
      expect((yield* Effect.flip(recordPhoneCall(stranger, { phoneNumber: "+74951234567", minutes: 1 })))._tag)
        .toBe("not-a-member")
      expect((yield* Effect.flip(recordPhoneCall(user, { phoneNumber: "+74951234567", minutes: 1 })))._tag)
        .toBe("insufficient-balance")
      yield* topUpPhoneBalance(admin, { amount: { amount: 1000, currency: "RUB" }, paymentMethod: "tok_visa" }, key())
      // The group is still pending payment: calls are recorded whatever its status.
      const { balance, call } = yield* recordPhoneCall(user, { phoneNumber: "+74951234567", minutes: 3 })
      expect(call.cost).toEqual({ amount: 900, currency: "RUB" })
      expect(call.minutes).toBe(3)
      expect(call.phoneNumber).toBe("+74951234567")
      expect(balance).toEqual({ amount: 100, currency: "RUB" })
      expect((yield* Effect.flip(recordPhoneCall(user, { phoneNumber: "+74951234567", minutes: 1 })))._tag)
        .toBe("insufficient-balance")
      expect((yield* phoneBalance(admin)).balance.amount).toBe(100)
      const invalid = yield* Effect.flip(recordPhoneCall(user, { phoneNumber: "12345", minutes: 1.5 }))
      expect(fieldsOf(invalid).toSorted()).toEqual(["minutes", "phoneNumber"])
      const audit = yield* auditTrail(admin, {})
      expect(audit.items[0]).toMatchObject({ action: "phone-call-recorded", actor: { kind: "user", id: member.id } })
    })))
})

import { DateTime, Duration, Effect, Exit } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Invoice, InvoiceKind } from "../model/Billing.js"
import type { Currency } from "../values/Money.js"
import type { GroupId, InvoiceId } from "../values/Ids.js"
import { decideSeatChange, type Pricing, type SeatChange, type SeatChangeFacts } from "./SeatChange.js"

const DAY = 24 * 60 * 60 * 1000
const T0 = Date.UTC(2025, 0, 1)
const at = (millis: number) => DateTime.makeUnsafe(millis)
const ms = DateTime.toEpochMillis
const pricing: Pricing = {
  seatPrice: 45_000,
  currency: "RUB" as Currency,
  period: Duration.days(30),
  grace: Duration.days(3)
}

let counter = 0
const invoice = (kind: InvoiceKind, seats: number, start: number | null, end: number | null, issued = T0): Invoice => ({
  id: `00000000-0000-7000-8000-${String(++counter).padStart(12, "0")}` as InvoiceId,
  groupId: "00000000-0000-7000-8000-000000000000" as GroupId,
  kind,
  status: "open",
  amount: { amount: seats * 45_000, currency: "RUB" as Currency },
  seats,
  periodStart: start === null ? null : at(start),
  periodEnd: end === null ? null : at(end),
  issuedAt: at(issued),
  paidAt: null
})

const decide = (facts: SeatChangeFacts) => Effect.runSyncExit(decideSeatChange(facts))
const ok = (facts: SeatChangeFacts): SeatChange => {
  const exit = decide(facts)
  if (!Exit.isSuccess(exit)) throw new Error(`expected a decision, got ${String(exit.cause)}`)
  return exit.value
}
const failure = (facts: SeatChangeFacts): string => {
  const exit = decide(facts)
  if (Exit.isSuccess(exit)) throw new Error("expected a refusal")
  const error = Exit.findErrorOption(exit)
  if (error._tag === "None") throw new Error("expected a typed failure")
  return error.value._tag
}

const now = T0 + 10 * DAY
const pending = { seats: 10, members: 4, paidThrough: null }
const active = { seats: 10, members: 4, paidThrough: at(T0 + 30 * DAY) }
const suspended = { seats: 10, members: 4, paidThrough: at(T0 - 30 * DAY) }

describe("R43: seat changes", () => {
  it("R43: setting the current number is a no-op, whatever the status", () => {
    for (const group of [pending, active, suspended]) {
      expect(ok({ group, requested: 10, openInvoices: [], now: at(now), pricing })._tag).toBe("Unchanged")
    }
  })

  it("R43: pending payment: a change takes effect at once and replaces the open first invoice", () => {
    const first = invoice("first", 10, T0, T0 + 30 * DAY)
    for (const requested of [5, 25]) {
      const decision = ok({ group: pending, requested, openInvoices: [first], now: at(now), pricing })
      expect(decision._tag).toBe("FirstReplaced")
      if (decision._tag !== "FirstReplaced") return
      expect(decision.seats).toBe(requested)
      expect(decision.voided.map((i) => i.id)).toEqual([first.id])
      expect(decision.first.kind).toBe("first")
      expect(decision.first.seats).toBe(requested)
      expect(decision.first.amount.amount).toBe(requested * 45_000)
      expect(ms(decision.first.periodStart!)).toBe(now)
      expect(ms(decision.first.periodEnd!)).toBe(now + 30 * DAY)
    }
  })

  it("R43: pending payment: an expired first invoice is not 'replaced' (it already reads void)", () => {
    const expired = invoice("first", 10, T0 - 40 * DAY, T0 - 10 * DAY)
    const decision = ok({ group: pending, requested: 12, openInvoices: [expired], now: at(now), pricing })
    expect(decision._tag === "FirstReplaced" && decision.voided.length).toBe(0)
  })

  it("R43: active raise: a seats invoice for the added seats, prorated to the paid-through date; seats unchanged", () => {
    const decision = ok({ group: active, requested: 13, openInvoices: [], now: at(now), pricing })
    expect(decision._tag).toBe("RaisePending")
    if (decision._tag !== "RaisePending") return
    expect(decision.seats).toBe(10)
    expect(decision.pendingSeats).toBe(13)
    expect(decision.invoice.kind).toBe("seats")
    expect(decision.invoice.seats).toBe(3)
    // 20 of 30 days remain: 3 × 45,000 × 2/3 = 90,000
    expect(decision.invoice.amount.amount).toBe(90_000)
    expect(ms(decision.invoice.periodStart!)).toBe(now)
    expect(ms(decision.invoice.periodEnd!)).toBe(T0 + 30 * DAY)
  })

  it("R43: a newer raise voids an older unpaid one", () => {
    const older = invoice("seats", 2, now - DAY, T0 + 30 * DAY)
    const decision = ok({ group: active, requested: 15, openInvoices: [older], now: at(now), pricing })
    expect(decision._tag === "RaisePending" && decision.voided.map((i) => i.id)).toEqual([older.id])
  })

  it("R43: lowering takes effect at once, voids an unpaid raise, refunds nothing", () => {
    const raise = invoice("seats", 5, now - DAY, T0 + 30 * DAY)
    for (const group of [active, suspended]) {
      const decision = ok({ group, requested: 6, openInvoices: [raise], now: at(now), pricing })
      expect(decision._tag).toBe("Applied")
      if (decision._tag !== "Applied") return
      expect(decision.seats).toBe(6)
      expect(decision.voided.map((i) => i.id)).toEqual(group === active ? [raise.id] : [raise.id])
    }
  })

  it("R43: lowering below the member count is refused, whatever the status", () => {
    for (const group of [pending, active, suspended]) {
      expect(failure({ group, requested: 3, openInvoices: [], now: at(now), pricing })).toBe("seats-below-members")
    }
    expect(ok({ group: active, requested: 4, openInvoices: [], now: at(now), pricing })._tag).toBe("Applied")
  })

  it("R43: a suspended group cannot raise its seats", () => {
    expect(failure({ group: suspended, requested: 11, openInvoices: [], now: at(now), pricing })).toBe("group-suspended")
  })

  it("R43: in the grace period no paid time is left: a raise takes effect at once", () => {
    const inGrace = at(T0 + 31 * DAY)
    const decision = ok({ group: active, requested: 12, openInvoices: [], now: inGrace, pricing })
    expect(decision._tag === "Applied" && decision.seats).toBe(12)
  })

  it("R43: an open renewal is replaced by one for the new seats over the same period when seats change at once", () => {
    const renewal = invoice("renewal", 10, T0 + 30 * DAY, T0 + 60 * DAY)
    const decision = ok({ group: active, requested: 6, openInvoices: [renewal], now: at(now), pricing })
    if (decision._tag !== "Applied") throw new Error("expected Applied")
    expect(decision.renewal?.replaced.id).toBe(renewal.id)
    expect(decision.renewal?.terms.seats).toBe(6)
    expect(decision.renewal?.terms.amount.amount).toBe(6 * 45_000)
    expect(ms(decision.renewal!.terms.periodStart!)).toBe(T0 + 30 * DAY)
  })

  it("R43: decisions per status, for any seats and members (property)", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.constantFrom("pending-payment", "active", "suspended"),
      (seats, membersRaw, requested, status) => {
        const members = Math.min(membersRaw, seats)
        const paidThrough = status === "pending-payment"
          ? null
          : status === "active"
          ? at(now + 5 * DAY)
          : at(now - 10 * DAY)
        const facts: SeatChangeFacts = { group: { seats, members, paidThrough }, requested, openInvoices: [], now: at(now), pricing }
        const exit = decide(facts)
        if (requested === seats) {
          expect(Exit.isSuccess(exit) && exit.value._tag).toBe("Unchanged")
        } else if (requested < members) {
          expect(failure(facts)).toBe("seats-below-members")
        } else if (status === "pending-payment") {
          expect(Exit.isSuccess(exit) && exit.value._tag).toBe("FirstReplaced")
        } else if (requested < seats) {
          expect(Exit.isSuccess(exit) && exit.value._tag).toBe("Applied")
        } else if (status === "suspended") {
          expect(failure(facts)).toBe("group-suspended")
        } else {
          const decision = ok(facts)
          if (decision._tag !== "RaisePending") throw new Error("expected RaisePending")
          expect(decision.seats).toBe(seats)
          expect(decision.pendingSeats).toBe(requested)
          expect(decision.invoice.seats).toBe(requested - seats)
          expect(decision.invoice.amount.amount).toBeLessThanOrEqual((requested - seats) * pricing.seatPrice)
          expect(decision.invoice.amount.amount).toBeGreaterThan(0)
        }
      }
    ))
  })
})

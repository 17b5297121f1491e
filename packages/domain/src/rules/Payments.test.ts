import { DateTime } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Invoice, InvoiceKind } from "../model/Billing.js"
import type { Group } from "../model/Group.js"
import type { GroupName } from "../values/GroupName.js"
import type { GroupId, InvoiceId } from "../values/Ids.js"
import type { Currency } from "../values/Money.js"
import { applyPayment, statusAfterDecline } from "./Payments.js"

const at = (millis: number) => DateTime.makeUnsafe(millis)
const RUB = "RUB" as Currency
const group = (paidThrough: number | null, seats = 10, balance = 0): Group => ({
  id: "00000000-0000-7000-8000-000000000000" as GroupId,
  name: "Acme" as GroupName,
  seats,
  members: 2,
  paidThrough: paidThrough === null ? null : at(paidThrough),
  code: { lookupHash: "h", sealed: "s" },
  phoneBalance: { amount: balance, currency: RUB },
  createdAt: at(0)
})
const invoice = (kind: InvoiceKind, seats: number, end: number | null, amount = 1000): Invoice => ({
  id: "00000000-0000-7000-8000-000000000001" as InvoiceId,
  groupId: "00000000-0000-7000-8000-000000000000" as GroupId,
  kind,
  status: "open",
  amount: { amount, currency: RUB },
  seats,
  periodStart: end === null ? null : at(0),
  periodEnd: end === null ? null : at(end),
  issuedAt: at(0),
  paidAt: null
})

describe("R42, R43, R45: what paying an invoice does", () => {
  it("R42: paying a first or renewal invoice sets paid-through to its period end, never backwards", () => {
    fc.assert(fc.property(
      fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: null }),
      fc.integer({ min: 1, max: 1e12 }),
      fc.constantFrom<InvoiceKind>("first", "renewal"),
      (paidThrough, end, kind) => {
        const applied = applyPayment(group(paidThrough), invoice(kind, 10, end), at(5))
        const expected = paidThrough === null ? end : Math.max(paidThrough, end)
        expect(DateTime.toEpochMillis(applied.group.paidThrough!)).toBe(expected)
        expect(applied.invoice.status).toBe("paid")
        expect(applied.invoice.paidAt && DateTime.toEpochMillis(applied.invoice.paidAt)).toBe(5)
      }
    ))
  })

  it("R43: the added seats exist exactly when the seats invoice is paid", () => {
    const applied = applyPayment(group(1000, 10), invoice("seats", 3, 1000), at(5))
    expect(applied.group.seats).toBe(13)
    expect(applied.effect).toEqual({ _tag: "SeatsAdded", from: 10, to: 13 })
  })

  it("R45: a top-up adds its amount to the phone balance; a declined top-up is void", () => {
    const applied = applyPayment(group(null, 10, 500), invoice("phone-top-up", 0, null, 1200), at(5))
    expect(applied.group.phoneBalance).toEqual({ amount: 1700, currency: RUB })
    expect(applied.group.paidThrough).toBeNull()
    expect(statusAfterDecline({ kind: "phone-top-up" })).toBe("void")
    expect(statusAfterDecline({ kind: "first" })).toBe("open")
  })
})

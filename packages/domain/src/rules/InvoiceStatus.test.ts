import { DateTime } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Invoice, InvoiceKind, InvoiceStatus } from "../model/Billing.js"
import type { GroupId, InvoiceId } from "../values/Ids.js"
import type { Currency } from "../values/Money.js"
import { expiredInvoices, invoiceStatus, openPeriodInvoice, openSeatsInvoice } from "./InvoiceStatus.js"

const at = (millis: number) => DateTime.makeUnsafe(millis)
let counter = 0
const invoice = (kind: InvoiceKind, status: InvoiceStatus, end: number | null, issued = 0): Invoice => ({
  id: `00000000-0000-7000-8000-${String(++counter).padStart(12, "0")}` as InvoiceId,
  groupId: "00000000-0000-7000-8000-000000000000" as GroupId,
  kind,
  status,
  amount: { amount: 100, currency: "RUB" as Currency },
  seats: kind === "phone-top-up" ? 0 : 1,
  periodStart: end === null ? null : at(0),
  periodEnd: end === null ? null : at(end),
  issuedAt: at(issued),
  paidAt: status === "paid" ? at(1) : null
})

describe("R43, R44: invoice status as it reads", () => {
  it("R43: an open invoice whose period has ended reads as void; before, open", () => {
    fc.assert(fc.property(
      fc.constantFrom<InvoiceKind>("first", "renewal", "seats"),
      fc.integer({ min: 1, max: 1e12 }),
      fc.integer({ min: 0, max: 2e12 }),
      (kind, end, now) => {
        expect(invoiceStatus(invoice(kind, "open", end), at(now))).toBe(now >= end ? "void" : "open")
      }
    ))
  })

  it("R44: paid and void invoices never change; top-ups have no period and never expire", () => {
    expect(invoiceStatus(invoice("first", "paid", 10), at(100))).toBe("paid")
    expect(invoiceStatus(invoice("seats", "void", 1000), at(100))).toBe("void")
    expect(invoiceStatus(invoice("phone-top-up", "open", null), at(1e13))).toBe("open")
  })

  it("R44: the open first/renewal invoice and the open seats invoice are found, expired ones skipped", () => {
    const expiredFirst = invoice("first", "open", 50)
    const renewal = invoice("renewal", "open", 500, 10)
    const raise = invoice("seats", "open", 500, 20)
    const olderRaise = invoice("seats", "open", 500, 5)
    const all = [expiredFirst, renewal, raise, olderRaise, invoice("phone-top-up", "open", null)]
    expect(openPeriodInvoice(all, at(100))?.id).toBe(renewal.id)
    expect(openSeatsInvoice(all, at(100))?.id).toBe(raise.id)
    expect(openPeriodInvoice([expiredFirst], at(100))).toBeNull()
    expect(expiredInvoices(all, at(100)).map((i) => i.id)).toEqual([expiredFirst.id])
  })
})

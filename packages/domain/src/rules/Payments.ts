/**
 * R42, R43, R45: what paying an invoice does to its group. Pure.
 *
 * - first, renewal: the paid-through date becomes the end of the invoice's
 *   period (never moving backwards);
 * - seats: the added seats now exist (R43: exactly when the invoice is paid),
 *   as long as the invoice was still valid when it was claimed (open, its
 *   period not ended: checked before any charge) and the total stays within
 *   the 10,000 seats a group may have;
 * - phone-top-up: the phone balance grows by the amount.
 *
 * Declines change nothing, except that a declined top-up's invoice is void
 * (API.md §3: the invoice void, the balance unchanged).
 */
import type { DateTime } from "effect"
import type { Invoice, InvoiceStatus } from "../model/Billing.js"
import type { Group } from "../model/Group.js"
import { add } from "../values/Money.js"
import { MAX_SEATS } from "../values/Seats.js"
import { extendPaidThrough } from "./Periods.js"

/** What a succeeded payment changed, for the events it records. */
export type PaymentEffect =
  | { readonly _tag: "PaidThroughExtended"; readonly from: DateTime.Utc | null; readonly to: DateTime.Utc }
  | { readonly _tag: "SeatsAdded"; readonly from: number; readonly to: number }
  | { readonly _tag: "BalanceToppedUp"; readonly from: number; readonly to: number }
  /** Nothing could be applied (a seats invoice that would pass the maximum). */
  | { readonly _tag: "None" }

export interface Applied {
  readonly group: Group
  readonly invoice: Invoice
  readonly effect: PaymentEffect
}

/** R42, R43, R45: the group and the invoice once `invoice` is paid at `now`. */
export const applyPayment = (group: Group, invoice: Invoice, now: DateTime.Utc): Applied => {
  const paid: Invoice = { ...invoice, status: "paid", paidAt: now }
  switch (invoice.kind) {
    case "first":
    case "renewal": {
      if (invoice.periodEnd === null) return { group, invoice: paid, effect: { _tag: "None" } }
      const to = extendPaidThrough(group.paidThrough, invoice.periodEnd)
      return {
        group: { ...group, paidThrough: to },
        invoice: paid,
        effect: { _tag: "PaidThroughExtended", from: group.paidThrough, to }
      }
    }
    case "seats": {
      const to = group.seats + invoice.seats
      if (invoice.seats <= 0 || to > MAX_SEATS) return { group, invoice: paid, effect: { _tag: "None" } }
      return { group: { ...group, seats: to }, invoice: paid, effect: { _tag: "SeatsAdded", from: group.seats, to } }
    }
    case "phone-top-up": {
      const balance = add(group.phoneBalance, invoice.amount)
      return {
        group: { ...group, phoneBalance: balance },
        invoice: paid,
        effect: { _tag: "BalanceToppedUp", from: group.phoneBalance.amount, to: balance.amount }
      }
    }
  }
}

/** What a declined payment leaves the invoice as: a top-up is void, anything else stays open to retry. */
export const statusAfterDecline = (invoice: Pick<Invoice, "kind">): InvoiceStatus =>
  invoice.kind === "phone-top-up" ? "void" : "open"

/**
 * R43 and API.md §3 `PUT /v1/admin/seats`, §5 *Seats*: what a new seat total
 * does to a group, decided on what the use case loaded (with locks). Pure.
 *
 * - The current number: nothing happens (answered 200).
 * - Pending payment: the change takes effect at once and replaces the open
 *   first invoice (the old one becomes void) with a first invoice for the new
 *   seats, for one period from now.
 * - Active, raising: a `seats` invoice for the added seats, prorated to the
 *   rest of the time paid for (the period ending at the paid-through date);
 *   the seats exist exactly when it is paid. A newer raise voids an older
 *   unpaid one. When no paid time is left (the grace period after the
 *   paid-through date) there is nothing to prorate: the raise takes effect at
 *   once and the renewal bills it.
 * - Suspended, raising: `group-suspended` (pay the renewal first).
 * - Lowering (any status): at once, never below the member count
 *   (`seats-below-members`), refunds nothing, voids an unpaid raise.
 *
 * Whenever the seats change at once on a group that has an open renewal
 * invoice, that invoice is replaced by one for the new seats over the same
 * period, since a renewal is for the current seats (API.md §5 *Periods*).
 */
import { DateTime, type Duration, Effect } from "effect"
import { GroupSuspended, SeatsBelowMembers } from "../errors/DomainErrors.js"
import type { Invoice, InvoiceKind } from "../model/Billing.js"
import type { Group } from "../model/Group.js"
import { type Currency, money, type Money } from "../values/Money.js"
import { groupStatus } from "./GroupStatus.js"
import { openFirstInvoice, openRenewalInvoice, openSeatsInvoice } from "./InvoiceStatus.js"
import { firstPeriod } from "./Periods.js"
import { raiseAmount } from "./Proration.js"

/** What an invoice to issue says; the use case adds its id, group, issue time and status. */
export interface InvoiceTerms {
  readonly kind: InvoiceKind
  readonly amount: Money
  readonly seats: number
  readonly periodStart: DateTime.Utc | null
  readonly periodEnd: DateTime.Utc | null
}

export interface Pricing {
  /** R40: price of one seat for one period, in minor units. */
  readonly seatPrice: number
  readonly currency: Currency
  readonly period: Duration.Duration
  readonly grace: Duration.Duration
}

/** An open renewal invoice replaced by one for the current seats. */
export interface Repricing {
  readonly replaced: Invoice
  readonly terms: InvoiceTerms
}

export type SeatChange =
  /** The current number: a no-op. */
  | { readonly _tag: "Unchanged"; readonly seats: number }
  /** Pending payment: new seats at once, the open first invoice replaced. */
  | {
    readonly _tag: "FirstReplaced"
    readonly seats: number
    readonly voided: ReadonlyArray<Invoice>
    readonly first: InvoiceTerms
  }
  /** Active or suspended, lowering (or raising with no paid time left): new seats at once. */
  | {
    readonly _tag: "Applied"
    readonly seats: number
    readonly voided: ReadonlyArray<Invoice>
    readonly renewal: Repricing | null
  }
  /** Active, raising: the seats stay until the seats invoice is paid. */
  | {
    readonly _tag: "RaisePending"
    readonly seats: number
    readonly pendingSeats: number
    readonly voided: ReadonlyArray<Invoice>
    readonly invoice: InvoiceTerms
  }

export interface SeatChangeFacts {
  readonly group: Pick<Group, "seats" | "members" | "paidThrough">
  /** The new total, already validated (1–10,000). */
  readonly requested: number
  /** The group's invoices stored as open (`Tx.invoices.listOpen`). */
  readonly openInvoices: ReadonlyArray<Invoice>
  readonly now: DateTime.Utc
  readonly pricing: Pricing
}

/** A first or renewal invoice's amount: seats × price for one period. */
export const periodAmount = (seats: number, pricing: Pick<Pricing, "seatPrice" | "currency">): Money =>
  money(seats * pricing.seatPrice, pricing.currency)

/** The terms of a first invoice for `seats`, one period from `now` (R42). */
export const firstInvoiceTerms = (seats: number, now: DateTime.Utc, pricing: Pricing): InvoiceTerms => {
  const period = firstPeriod(now, pricing.period)
  return {
    kind: "first",
    amount: periodAmount(seats, pricing),
    seats,
    periodStart: period.start,
    periodEnd: period.end
  }
}

/**
 * A renewal is for the current seats: an open renewal for another number is
 * replaced by one for `seats` over the same period; null when none is needed.
 */
export const repriceRenewal = (
  openRenewal: Invoice | null,
  seats: number,
  pricing: Pick<Pricing, "seatPrice" | "currency">
): Repricing | null =>
  openRenewal === null || openRenewal.seats === seats ? null : {
    replaced: openRenewal,
    terms: {
      kind: "renewal",
      amount: periodAmount(seats, pricing),
      seats,
      periodStart: openRenewal.periodStart,
      periodEnd: openRenewal.periodEnd
    }
  }

const present = (invoice: Invoice | null): ReadonlyArray<Invoice> => (invoice === null ? [] : [invoice])

export const decideSeatChange = (
  facts: SeatChangeFacts
): Effect.Effect<SeatChange, GroupSuspended | SeatsBelowMembers> => {
  const { group, now, openInvoices, pricing, requested } = facts
  if (requested === group.seats) return Effect.succeed({ _tag: "Unchanged", seats: group.seats })
  if (requested < group.members) return Effect.fail(new SeatsBelowMembers({ members: group.members }))
  const status = groupStatus(group, now, pricing.grace)
  if (status === "pending-payment") {
    return Effect.succeed({
      _tag: "FirstReplaced",
      seats: requested,
      voided: present(openFirstInvoice(openInvoices, now)),
      first: firstInvoiceTerms(requested, now, pricing)
    })
  }
  const unpaidRaise = present(openSeatsInvoice(openInvoices, now))
  const applied = (): SeatChange => ({
    _tag: "Applied",
    seats: requested,
    voided: unpaidRaise,
    renewal: repriceRenewal(openRenewalInvoice(openInvoices, now), requested, pricing)
  })
  if (requested < group.seats) return Effect.succeed(applied())
  if (status === "suspended") return Effect.fail(new GroupSuspended())
  // Active: a paid-through date exists.
  const paidThrough = group.paidThrough!
  const added = requested - group.seats
  const amount = raiseAmount(added, pricing.seatPrice, now, paidThrough, pricing.period)
  if (amount === 0) return Effect.succeed(applied())
  return Effect.succeed({
    _tag: "RaisePending",
    seats: group.seats,
    pendingSeats: requested,
    voided: unpaidRaise,
    invoice: {
      kind: "seats",
      amount: money(amount, pricing.currency),
      seats: added,
      periodStart: now,
      periodEnd: paidThrough
    }
  })
}

/**
 * R42–R45: invoices are records that go open → paid | void and never change
 * otherwise; payments record every attempt, succeeded or failed.
 */
import type { DateTime } from "effect"
import type { GroupId, InvoiceId, PaymentId } from "../values/Ids.js"
import type { Money } from "../values/Money.js"

export type InvoiceKind = "first" | "renewal" | "seats" | "phone-top-up"
export type InvoiceStatus = "open" | "paid" | "void"

export interface Invoice {
  readonly id: InvoiceId
  readonly groupId: GroupId
  readonly kind: InvoiceKind
  /** As stored; an open invoice past its period reads as void (rules/Invoices.ts). */
  readonly status: InvoiceStatus
  readonly amount: Money
  /** The seats it pays for: the total for first/renewal, the added ones for seats, 0 for top-ups. */
  readonly seats: number
  /** Fixed at issue (API.md §5 Periods); null for phone top-ups. */
  readonly periodStart: DateTime.Utc | null
  readonly periodEnd: DateTime.Utc | null
  readonly issuedAt: DateTime.Utc
  readonly paidAt: DateTime.Utc | null
}

export type PaymentStatus = "succeeded" | "failed"

export interface Payment {
  readonly id: PaymentId
  readonly invoiceId: InvoiceId
  readonly groupId: GroupId
  readonly status: PaymentStatus
  readonly amount: Money
  readonly gatewayReference: string | null
  readonly failureReason: string | null
  readonly createdAt: DateTime.Utc
}

/**
 * R44: while a charge of an invoice is running, the invoice is claimed, so a
 * second payment with another key loses (`invoice-not-open`) instead of
 * charging twice. `chargeKey` is what the gateway dedups on; the claim keeps
 * the charge's payment method too, because a gateway refuses a key reused
 * with other parameters: whoever takes over a stale claim must repeat the
 * very same charge to learn its outcome.
 */
export interface ChargeClaim {
  readonly invoiceId: InvoiceId
  readonly chargeKey: string
  readonly paymentMethod: string
  readonly claimedAt: DateTime.Utc
}

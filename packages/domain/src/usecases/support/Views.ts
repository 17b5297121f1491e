/**
 * API.md *Shapes*: an invoice and a payment as every billing response shows
 * them. Times stay `DateTime.Utc` (the host formats them); money is
 * `{ amount, currency }`. An invoice's status is the one it reads at `now`
 * (an open invoice past its period reads void, rules/InvoiceStatus.ts).
 */
import type { DateTime } from "effect"
import type { Invoice, InvoiceKind, InvoiceStatus, Payment, PaymentStatus } from "../../model/Billing.js"
import type { PhoneCall } from "../../model/PhoneCall.js"
import { invoiceStatus } from "../../rules/InvoiceStatus.js"
import type { InvoiceId, PaymentId, PhoneCallId } from "../../values/Ids.js"
import type { Money } from "../../values/Money.js"
import type { PhoneNumber } from "../../values/PhoneNumber.js"

export interface MoneyView {
  readonly amount: number
  readonly currency: string
}

export interface InvoiceView {
  readonly id: InvoiceId
  readonly kind: InvoiceKind
  readonly status: InvoiceStatus
  readonly amount: MoneyView
  /** The seats it pays for: the total for first/renewal, the added ones for seats, 0 for top-ups. */
  readonly seats: number
  readonly periodStart: DateTime.Utc | null
  readonly periodEnd: DateTime.Utc | null
  readonly issuedAt: DateTime.Utc
  readonly paidAt: DateTime.Utc | null
}

export interface PaymentView {
  readonly id: PaymentId
  readonly invoiceId: InvoiceId
  readonly status: PaymentStatus
  readonly amount: MoneyView
  readonly gatewayReference: string | null
  /** Null on success, a short reason on failure. */
  readonly failureReason: string | null
  readonly createdAt: DateTime.Utc
}

export interface PhoneCallView {
  readonly id: PhoneCallId
  readonly phoneNumber: PhoneNumber
  readonly minutes: number
  readonly cost: MoneyView
  readonly at: DateTime.Utc
}

export const toMoneyView = (money: Money): MoneyView => ({ amount: money.amount, currency: money.currency })

export const toInvoiceView = (invoice: Invoice, now: DateTime.Utc): InvoiceView => ({
  id: invoice.id,
  kind: invoice.kind,
  status: invoiceStatus(invoice, now),
  amount: toMoneyView(invoice.amount),
  seats: invoice.seats,
  periodStart: invoice.periodStart,
  periodEnd: invoice.periodEnd,
  issuedAt: invoice.issuedAt,
  paidAt: invoice.paidAt
})

export const toPaymentView = (payment: Payment): PaymentView => ({
  id: payment.id,
  invoiceId: payment.invoiceId,
  status: payment.status,
  amount: toMoneyView(payment.amount),
  gatewayReference: payment.gatewayReference,
  failureReason: payment.failureReason,
  createdAt: payment.createdAt
})

export const toPhoneCallView = (call: PhoneCall): PhoneCallView => ({
  id: call.id,
  phoneNumber: call.phoneNumber,
  minutes: call.minutes,
  cost: toMoneyView(call.cost),
  at: call.at
})

/**
 * R42–R44: the pieces billing use cases share: issuing and voiding invoices
 * inside a transaction, and the events that say so (R50). Invoices go open →
 * paid | void and never change otherwise; an invoice with a live charge claim
 * (a payment of it may be running) is never voided under the payment's feet.
 */
import { DateTime, Effect, Option } from "effect"
import type { DomainConfigShape } from "../../config/DomainConfig.js"
import type { AccountRef } from "../../model/Accounts.js"
import type { Invoice } from "../../model/Billing.js"
import type { Tx } from "../../ports/Store.js"
import { mayVoid } from "../../rules/ChargeClaims.js"
import { expiredInvoices } from "../../rules/InvoiceStatus.js"
import type { InvoiceTerms, Pricing } from "../../rules/SeatChange.js"
import type { GroupId, InvoiceId } from "../../values/Ids.js"
import { newId } from "./NewId.js"
import type { Change } from "./Record.js"

export const pricingOf = (config: DomainConfigShape): Pricing => ({
  seatPrice: config.seatPrice,
  currency: config.currency,
  period: config.billingPeriod,
  grace: config.gracePeriod
})

const iso = (at: DateTime.Utc | null): string | null => (at === null ? null : DateTime.formatIso(at))

/** An invoice as plain JSON, for event payloads. */
export const invoicePayload = (invoice: Invoice): Record<string, unknown> => ({
  invoiceId: invoice.id,
  kind: invoice.kind,
  amount: { amount: invoice.amount.amount, currency: invoice.amount.currency },
  seats: invoice.seats,
  periodStart: iso(invoice.periodStart),
  periodEnd: iso(invoice.periodEnd)
})

/** Inserts a new open invoice of `groupId` with `terms`, issued at `now`. */
export const issueInvoice = Effect.fnUntraced(function*(
  tx: Tx,
  groupId: GroupId,
  terms: InvoiceTerms,
  now: DateTime.Utc
) {
  const invoice: Invoice = {
    id: yield* newId<InvoiceId>(),
    groupId,
    kind: terms.kind,
    status: "open",
    amount: terms.amount,
    seats: terms.seats,
    periodStart: terms.periodStart,
    periodEnd: terms.periodEnd,
    issuedAt: now,
    paidAt: null
  }
  yield* tx.invoices.insert(invoice)
  return invoice
})

export const invoiceIssued = (invoice: Invoice, actor: AccountRef | null): Change => ({
  type: "InvoiceIssued",
  groupId: invoice.groupId,
  actor,
  target: { kind: "invoice", id: invoice.id },
  payload: invoicePayload(invoice)
})

/** Why an invoice became void. */
export type VoidReason =
  | "expired"
  | "replaced"
  | "superseded"
  | "seats-lowered"
  | "repriced"
  | "declined"

export const invoiceVoided = (invoice: Invoice, actor: AccountRef | null, reason: VoidReason): Change => ({
  type: "InvoiceVoided",
  groupId: invoice.groupId,
  actor,
  target: { kind: "invoice", id: invoice.id },
  payload: { ...invoicePayload(invoice), reason }
})

/** Stores `invoice` as void (it must be stored open). */
export const voidInvoice = (tx: Tx, invoice: Invoice): Effect.Effect<Invoice> => {
  const voided: Invoice = { ...invoice, status: "void" }
  return Effect.as(tx.invoices.update(voided), voided)
}

/** Whether no payment of the invoice may be running (no live charge claim). */
export const isUnclaimed = (
  tx: Tx,
  invoice: Invoice,
  now: DateTime.Utc,
  config: DomainConfigShape
): Effect.Effect<boolean> =>
  Effect.map(tx.chargeClaims.get(invoice.id), (claim) => mayVoid(claim, now, config.chargeClaimTimeout))

/**
 * Stores as void the open invoices that already read void (their period has
 * ended), except those in `except` and those a payment may still be charging;
 * returns the changes to record beside the main one.
 */
export const voidExpired = Effect.fnUntraced(function*(
  tx: Tx,
  open: ReadonlyArray<Invoice>,
  now: DateTime.Utc,
  config: DomainConfigShape,
  actor: AccountRef | null,
  except: ReadonlyArray<Invoice> = []
) {
  const changes: Array<Change> = []
  for (const invoice of expiredInvoices(open, now)) {
    if (except.some((other) => other.id === invoice.id)) continue
    if (!(yield* isUnclaimed(tx, invoice, now, config))) continue
    yield* voidInvoice(tx, invoice)
    changes.push(invoiceVoided(invoice, actor, "expired"))
  }
  return changes
})

/** Loads an invoice of `groupId`; another group's reads as missing. */
export const findInvoiceOf = (
  tx: Tx,
  groupId: GroupId,
  invoiceId: InvoiceId,
  options?: { readonly lock?: boolean }
): Effect.Effect<Option.Option<Invoice>> =>
  Effect.map(tx.invoices.get(invoiceId, options), Option.filter((invoice) => invoice.groupId === groupId))

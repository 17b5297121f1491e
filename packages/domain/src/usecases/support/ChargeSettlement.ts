/**
 * R44, R45, tx2 of a charge (support/Charge.ts): the gateway's answer
 * written in one transaction. The attempt joins the payment history; a
 * success pays the invoice and applies it to the group (rules/Payments.ts),
 * a declined top-up's invoice is void; the claim is released, the key keeps
 * the outcome, and the events are recorded (R50, R51).
 */
import { DateTime, Effect, Option } from "effect"
import { DomainConfig, type DomainConfigShape } from "../../config/DomainConfig.js"
import { NotFound } from "../../errors/DomainErrors.js"
import type { AccountRef } from "../../model/Accounts.js"
import type { Invoice, Payment } from "../../model/Billing.js"
import type { Group } from "../../model/Group.js"
import type { Tx } from "../../ports/Store.js"
import { openRenewalInvoice } from "../../rules/InvoiceStatus.js"
import { applyPayment, type PaymentEffect, statusAfterDecline } from "../../rules/Payments.js"
import { repriceRenewal } from "../../rules/SeatChange.js"
import type { PaymentId } from "../../values/Ids.js"
import { invoiceIssued, invoiceVoided, isUnclaimed, issueInvoice, pricingOf, voidInvoice } from "./Invoicing.js"
import { loadGroup } from "./LoadGroup.js"
import { actorOf, type AdminPrincipal } from "./Principal.js"
import { type Change, record } from "./Record.js"

/** A charge that ended (now or in the first request under the same key) with a success. */
export interface Charged {
  readonly payment: Payment
  readonly invoice: Invoice
  readonly group: Group
}

/** The request being settled: whose key it is and what it asked. */
export interface SettledRequest {
  readonly principal: AdminPrincipal
  readonly idempotencyKey: string
  readonly fingerprint: string
}

/** What tx1 decided to charge. */
export interface ChargeStep {
  readonly invoice: Invoice
  readonly chargeKey: string
  readonly startedAt: DateTime.Utc
}

/** The gateway's answer, with the id the attempt is recorded under. */
export type SettledResult = { readonly paymentId: PaymentId } & (
  | { readonly status: "succeeded"; readonly gatewayReference: string }
  | { readonly status: "declined"; readonly gatewayReference: string; readonly reason: string }
)

const paymentTarget = (payment: Payment) => ({ kind: "payment" as const, id: payment.id })

/** The events of a charge that ended, the main one first (it names the audit entry). */
const chargeChanges = (
  actor: AccountRef,
  payment: Payment,
  invoice: Invoice,
  effect: PaymentEffect | null
): Array<Change> => {
  const base = {
    groupId: payment.groupId,
    actor,
    target: paymentTarget(payment),
    payload: {
      paymentId: payment.id,
      invoiceId: invoice.id,
      invoiceKind: invoice.kind,
      amount: { amount: payment.amount.amount, currency: payment.amount.currency },
      gatewayReference: payment.gatewayReference,
      ...(payment.failureReason === null ? {} : { failureReason: payment.failureReason })
    }
  }
  if (payment.status === "failed") return [{ type: "PaymentFailed", ...base }]
  const succeeded: Change = { type: "PaymentSucceeded", ...base }
  if (effect === null) return [succeeded]
  switch (effect._tag) {
    case "BalanceToppedUp":
      // API.md §5 Audit: a top-up is audited as `phone-balance-topped-up`.
      return [{
        type: "PhoneBalanceToppedUp",
        groupId: payment.groupId,
        actor,
        target: { kind: "group", id: payment.groupId },
        payload: {
          invoiceId: invoice.id,
          paymentId: payment.id,
          amount: { amount: invoice.amount.amount, currency: invoice.amount.currency },
          balance: { amount: effect.to, currency: invoice.amount.currency }
        }
      }, succeeded]
    case "SeatsAdded":
      return [succeeded, {
        type: "SeatsChanged",
        groupId: payment.groupId,
        actor,
        target: { kind: "group", id: payment.groupId },
        payload: { from: effect.from, to: effect.to, effective: true, invoiceId: invoice.id }
      }]
    case "PaidThroughExtended":
      return [{
        ...succeeded,
        payload: {
          ...succeeded.payload,
          paidThrough: DateTime.formatIso(effect.to),
          previousPaidThrough: effect.from === null ? null : DateTime.formatIso(effect.from)
        }
      }]
    case "None":
      return [succeeded]
  }
}

/**
 * R43, API.md §5 *Periods*: once paid seats change the total, an open renewal
 * (unless being paid) is replaced by one for the current seats.
 */
const repriceOpenRenewal = Effect.fnUntraced(function*(
  tx: Tx,
  group: Group,
  now: DateTime.Utc,
  config: DomainConfigShape,
  actor: AccountRef
) {
  const renewal = openRenewalInvoice(yield* tx.invoices.listOpen(group.id), now)
  const repricing = repriceRenewal(renewal, group.seats, pricingOf(config))
  if (repricing === null || !(yield* isUnclaimed(tx, repricing.replaced, now, config))) return []
  yield* voidInvoice(tx, repricing.replaced)
  const issued = yield* issueInvoice(tx, group.id, repricing.terms, now)
  return [invoiceVoided(repricing.replaced, actor, "repriced"), invoiceIssued(issued, actor)]
})

/** tx2: the charge's result written, in one transaction. */
export const settleCharge = Effect.fnUntraced(function*(
  tx: Tx,
  request: SettledRequest,
  step: ChargeStep,
  result: SettledResult
) {
  const config = yield* DomainConfig
  const now = yield* DateTime.now
  const actor = actorOf(request.principal)
  // Lock order: the group row first, then the invoice.
  let group = yield* loadGroup(tx, request.principal.groupId, { lock: true })
  let invoice = yield* Effect.flatMap(
    tx.invoices.get(step.invoice.id, { lock: true }),
    Option.match({ onNone: () => Effect.fail(new NotFound({ resource: "invoice" })), onSome: Effect.succeed })
  )
  const payment: Payment = {
    id: result.paymentId,
    invoiceId: invoice.id,
    groupId: group.id,
    status: result.status === "succeeded" ? "succeeded" : "failed",
    amount: invoice.amount,
    gatewayReference: result.gatewayReference,
    failureReason: result.status === "succeeded" ? null : result.reason,
    createdAt: now
  }
  yield* tx.payments.insert(payment)
  const changes: Array<Change> = []
  if (result.status === "succeeded") {
    // Still open as stored: the claim kept every other payment and every
    // voiding away (a claimed invoice is paid even if its period ended while
    // it was being charged). Otherwise a stale claim was taken over and the
    // same charge already settled it: the attempt is only recorded.
    if (invoice.status === "open") {
      const applied = applyPayment(group, invoice, now)
      group = applied.group
      invoice = applied.invoice
      yield* tx.groups.update(group)
      yield* tx.invoices.update(invoice)
      changes.push(...chargeChanges(actor, payment, invoice, applied.effect))
      if (applied.effect._tag === "SeatsAdded") changes.push(...yield* repriceOpenRenewal(tx, group, now, config, actor))
    } else {
      changes.push(...chargeChanges(actor, payment, invoice, null))
    }
  } else {
    changes.push(...chargeChanges(actor, payment, invoice, null))
    if (invoice.status === "open" && statusAfterDecline(invoice) === "void") {
      invoice = yield* voidInvoice(tx, invoice)
      changes.push(invoiceVoided(invoice, actor, "declined"))
    }
  }
  // Release the claim, unless it is no longer this charge's (a newer one).
  const claim = yield* tx.chargeClaims.get(invoice.id)
  if (Option.isSome(claim) && claim.value.chargeKey === step.chargeKey) yield* tx.chargeClaims.delete(invoice.id)
  yield* tx.idempotency.put({
    accountId: request.principal.adminId,
    key: request.idempotencyKey,
    fingerprint: request.fingerprint,
    outcome: {
      status: result.status === "succeeded" ? "succeeded" : "declined",
      paymentId: payment.id,
      invoiceId: invoice.id
    },
    createdAt: step.startedAt,
    expiresAt: DateTime.addDuration(now, config.idempotencyTtl)
  })
  const [main, ...more] = changes
  if (main !== undefined) yield* record(tx, main, ...more)
  return { payment, invoice, group } satisfies Charged
})

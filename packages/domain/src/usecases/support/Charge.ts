/**
 * R44, R45: paying an invoice through the payment port, the one machinery
 * behind `POST /v1/admin/invoices/{id}/payments` and phone top-ups.
 *
 * 1. tx1: the idempotency key decides (rules/Idempotency.ts): replay a
 *    finished request (a decline fails `payment-declined` again), refuse a
 *    reused key (`idempotency-key-reuse`) or one still running
 *    (`idempotency-key-in-flight`). Otherwise `prepare` names the invoice to
 *    charge (locked, the caller's, open), the invoice is claimed
 *    (rules/ChargeClaims.ts: a live claim by another request loses with
 *    `invoice-not-open`; a stale one is taken over with its chargeKey and
 *    payment method), and the key is written as in flight. A refusal here
 *    rolls everything back: nothing is kept under the key.
 * 2. Outside any transaction: `PaymentGateway.charge` with the claim's
 *    chargeKey and method, which the gateway dedups on. `Unavailable`
 *    (outcome unknown) leaves the claim and the in-flight key to go stale, so
 *    a retry after `chargeClaimTimeout` reuses the chargeKey and is answered,
 *    not charged twice.
 * 3. tx2 (support/ChargeSettlement.ts): the attempt joins the payment history
 *    (succeeded or failed, with the gateway's reference); on success the
 *    invoice is paid and its effect applied to the group (rules/Payments.ts),
 *    the group locked first; a declined top-up's invoice is void; the claim
 *    is released; the key keeps the outcome; the events are recorded (R50,
 *    R51).
 *
 * The request guards (key, method, open invoice) are in
 * support/ChargeGuards.ts.
 */
import { DateTime, Effect, Option } from "effect"
import { DomainConfig } from "../../config/DomainConfig.js"
import { NotFound, PaymentDeclined } from "../../errors/DomainErrors.js"
import type { Invoice } from "../../model/Billing.js"
import type { Group } from "../../model/Group.js"
import type { ChargeOutcome } from "../../model/Idempotency.js"
import { PaymentGateway } from "../../ports/PaymentGateway.js"
import { Store, type Tx } from "../../ports/Store.js"
import { decideClaim } from "../../rules/ChargeClaims.js"
import { decideKey } from "../../rules/Idempotency.js"
import type { PaymentId } from "../../values/Ids.js"
import { type Charged, settleCharge } from "./ChargeSettlement.js"
import { loadGroup } from "./LoadGroup.js"
import { newId } from "./NewId.js"
import type { AdminPrincipal } from "./Principal.js"

export interface ChargeSpec<E, R> {
  readonly principal: AdminPrincipal
  readonly idempotencyKey: string
  /** R44: the digest of method, path and canonical body. */
  readonly fingerprint: string
  readonly paymentMethod: string
  /**
   * Inside tx1, after the key allowed the request, with the group locked:
   * the invoice to charge, loaded with a lock, or a refusal (kept nowhere,
   * the transaction rolls back). It must be open (`requireOpen`).
   */
  readonly prepare: (tx: Tx, group: Group, now: DateTime.Utc) => Effect.Effect<Invoice, E, R>
}

/** The first request's result again: its payment and invoice, or its decline. */
const replay = Effect.fnUntraced(function*(tx: Tx, group: Group, outcome: ChargeOutcome) {
  const found = Option.filter(yield* tx.payments.get(outcome.paymentId), (p) => p.groupId === group.id)
  if (Option.isNone(found)) return yield* new NotFound({ resource: "payment" })
  const payment = found.value
  if (outcome.status === "declined") {
    return yield* new PaymentDeclined({
      paymentId: payment.id,
      invoiceId: payment.invoiceId,
      reason: payment.failureReason ?? "declined"
    })
  }
  const invoice = yield* tx.invoices.get(outcome.invoiceId)
  if (Option.isNone(invoice)) return yield* new NotFound({ resource: "invoice" })
  return { payment, invoice: invoice.value, group } satisfies Charged
})

type Step1 =
  | { readonly _tag: "Replayed"; readonly charged: Charged }
  | {
    readonly _tag: "Charge"
    readonly invoice: Invoice
    readonly chargeKey: string
    readonly paymentMethod: string
    readonly startedAt: DateTime.Utc
  }

/**
 * R44: charges the invoice `spec.prepare` names, once per idempotency key.
 * Succeeds with the payment, the invoice and the group as they are after it;
 * a decline fails `payment-declined` (the attempt is in the history).
 */
export const chargeInvoice = Effect.fnUntraced(function*<E, R>(spec: ChargeSpec<E, R>) {
  const config = yield* DomainConfig
  const store = yield* Store
  const gateway = yield* PaymentGateway
  const accountId = spec.principal.adminId
  // Drawn before the transactions, which may be retried. Unique per attempt:
  // after a decline the next attempt must not be answered with the old one.
  const fresh = { chargeKey: `ch_${yield* newId<string>()}`, paymentMethod: spec.paymentMethod }
  const paymentId = yield* newId<PaymentId>()

  const step = yield* store.transaction(Effect.fnUntraced(function*(tx) {
    const now = yield* DateTime.now
    // The group row first (the lock order everywhere): it serializes the
    // payments of the group, so two requests under one new key cannot both
    // find it unused (a missing row cannot be locked), and no seat change or
    // renewal runs between the checks below and the claim.
    const group = yield* loadGroup(tx, spec.principal.groupId, { lock: true })
    const decision = yield* decideKey(
      yield* tx.idempotency.get(accountId, spec.idempotencyKey, { lock: true }),
      spec.fingerprint,
      now,
      config.chargeClaimTimeout
    )
    if (decision._tag === "Replay") {
      const replayed: Step1 = { _tag: "Replayed", charged: yield* replay(tx, group, decision.outcome) }
      return replayed
    }
    const invoice = yield* spec.prepare(tx, group, now)
    const { claim } = yield* decideClaim(
      yield* tx.chargeClaims.get(invoice.id),
      invoice.id,
      fresh,
      now,
      config.chargeClaimTimeout
    )
    yield* tx.chargeClaims.put(claim)
    yield* tx.idempotency.put({
      accountId,
      key: spec.idempotencyKey,
      fingerprint: spec.fingerprint,
      outcome: null,
      createdAt: now,
      expiresAt: DateTime.addDuration(now, config.idempotencyTtl)
    })
    const charge: Step1 = {
      _tag: "Charge",
      invoice,
      chargeKey: claim.chargeKey,
      paymentMethod: claim.paymentMethod,
      startedAt: now
    }
    return charge
  }))
  if (step._tag === "Replayed") return step.charged

  // A stale claim taken over is charged again exactly as first made (rules/ChargeClaims.ts).
  const result = yield* gateway.charge({
    chargeKey: step.chargeKey,
    amount: step.invoice.amount,
    paymentMethod: step.paymentMethod,
    description: `${step.invoice.kind} invoice ${step.invoice.id}`
  })

  const settled = yield* store.transaction((tx) => settleCharge(tx, spec, step, { ...result, paymentId }))
  if (settled.payment.status === "failed") {
    return yield* new PaymentDeclined({
      paymentId: settled.payment.id,
      invoiceId: settled.invoice.id,
      reason: settled.payment.failureReason ?? "declined"
    })
  }
  return settled
})

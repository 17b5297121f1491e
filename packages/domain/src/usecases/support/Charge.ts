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
 *    `invoice-not-open`; a stale one is taken over with its chargeKey), and
 *    the key is written as in flight. A refusal here rolls everything back:
 *    nothing is kept under the key.
 * 2. Outside any transaction: `PaymentGateway.charge` with the claim's
 *    chargeKey, which the gateway dedups on. `Unavailable` (outcome unknown)
 *    leaves the claim and the in-flight key to go stale, so a retry after
 *    `chargeClaimTimeout` reuses the chargeKey and is answered, not charged
 *    twice.
 * 3. tx2: the attempt joins the payment history (succeeded or failed, with
 *    the gateway's reference); on success the invoice is paid and its effect
 *    applied to the group (rules/Payments.ts), the group locked first; a
 *    declined top-up's invoice is void; the claim is released; the key keeps
 *    the outcome; the events are recorded (R50, R51).
 */
import { DateTime, Effect, Option } from "effect"
import { DomainConfig, type DomainConfigShape } from "../../config/DomainConfig.js"
import {
  IdempotencyKeyRequired,
  InvoiceNotOpen,
  NotFound,
  PaymentDeclined,
  type ValidationFailed
} from "../../errors/DomainErrors.js"
import type { AccountRef } from "../../model/Accounts.js"
import type { Invoice, Payment } from "../../model/Billing.js"
import type { Group } from "../../model/Group.js"
import type { ChargeOutcome } from "../../model/Idempotency.js"
import { PaymentGateway } from "../../ports/PaymentGateway.js"
import { type Positioned, Store, type Tx } from "../../ports/Store.js"
import { chargeKeyMethod, decideClaim, makeChargeKey } from "../../rules/ChargeClaims.js"
import { decideKey } from "../../rules/Idempotency.js"
import { isOpen, openRenewalInvoice } from "../../rules/InvoiceStatus.js"
import { applyPayment, type PaymentEffect, statusAfterDecline } from "../../rules/Payments.js"
import { repriceRenewal } from "../../rules/SeatChange.js"
import type { GroupId, PaymentId } from "../../values/Ids.js"
import { invalid } from "../../values/Validation.js"
import {
  invoiceIssued,
  invoiceVoided,
  isUnclaimed,
  issueInvoice,
  pricingOf,
  voidInvoice
} from "./Invoicing.js"
import { loadGroup } from "./LoadGroup.js"
import { newId } from "./NewId.js"
import { actorOf, type AdminPrincipal } from "./Principal.js"
import { type Change, record } from "./Record.js"

/** The longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255

/** The field a bad key is reported on (it travels in a header). */
export const IDEMPOTENCY_KEY_FIELD = "Idempotency-Key"

/** R44: a payment needs a key: missing or blank is `idempotency-key-required`. */
export const requireIdempotencyKey = (
  key: string | null | undefined
): Effect.Effect<string, IdempotencyKeyRequired | ValidationFailed> => {
  if (key === undefined || key === null || key.trim().length === 0) return Effect.fail(new IdempotencyKeyRequired())
  if ([...key].length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return Effect.fail(invalid(IDEMPOTENCY_KEY_FIELD, `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`))
  }
  return Effect.succeed(key)
}

/** Unknown payment methods are a validation failure on `paymentMethod`, before anything else. */
export const requireKnownMethod = Effect.fnUntraced(function*(paymentMethod: string) {
  const gateway = yield* PaymentGateway
  if (!gateway.acceptsMethod(paymentMethod)) {
    return yield* invalid("paymentMethod", "is not a payment method the gateway accepts")
  }
  return paymentMethod
})

/** A charge that ended (now or in the first request under the same key) with a success. */
export interface Charged {
  readonly payment: Payment
  readonly invoice: Invoice
  readonly group: Group
}

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

/**
 * The payment a key's outcome names. The store port offers no lookup by id
 * yet, so the group's history is read newest first, where a replay (within
 * the key's 24 hours) finds it quickly.
 */
const findPayment = Effect.fnUntraced(function*(tx: Tx, groupId: GroupId, paymentId: PaymentId) {
  let before: number | null = null
  for (;;) {
    const rows: ReadonlyArray<Positioned<Payment>> = yield* tx.payments.list(groupId, { before, limit: 100 })
    const found = rows.find((row) => row.item.id === paymentId)
    if (found !== undefined) return Option.some(found.item)
    if (rows.length < 100) return Option.none<Payment>()
    before = rows[rows.length - 1]!.position
  }
})

const notFound = (resource: string) => new NotFound({ resource })

/** The first request's result again: its payment and invoice, or its decline. */
const replay = Effect.fnUntraced(function*(tx: Tx, group: Group, outcome: ChargeOutcome) {
  const payment = yield* Effect.flatMap(
    findPayment(tx, group.id, outcome.paymentId),
    Option.match({ onNone: () => Effect.fail(notFound("payment")), onSome: Effect.succeed })
  )
  if (outcome.status === "declined") {
    return yield* new PaymentDeclined({
      paymentId: payment.id,
      invoiceId: payment.invoiceId,
      reason: payment.failureReason ?? "declined"
    })
  }
  const invoice = yield* Effect.flatMap(
    tx.invoices.get(outcome.invoiceId),
    Option.match({ onNone: () => Effect.fail(notFound("invoice")), onSome: Effect.succeed })
  )
  return { payment, invoice, group } satisfies Charged
})

/** R44: a paid or void invoice, or one whose period has ended, cannot be paid. */
export const requireOpen = (invoice: Invoice, now: DateTime.Utc): Effect.Effect<Invoice, InvoiceNotOpen> =>
  isOpen(invoice, now) ? Effect.succeed(invoice) : Effect.fail(new InvoiceNotOpen())

type Step1 =
  | { readonly _tag: "Replayed"; readonly charged: Charged }
  | { readonly _tag: "Charge"; readonly invoice: Invoice; readonly chargeKey: string; readonly startedAt: DateTime.Utc }

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
const settle = Effect.fnUntraced(function*(
  tx: Tx,
  spec: { readonly principal: AdminPrincipal; readonly idempotencyKey: string; readonly fingerprint: string },
  step: { readonly invoice: Invoice; readonly chargeKey: string; readonly startedAt: DateTime.Utc },
  result: { readonly paymentId: PaymentId } & (
    | { readonly status: "succeeded"; readonly gatewayReference: string }
    | { readonly status: "declined"; readonly gatewayReference: string; readonly reason: string }
  )
) {
  const config = yield* DomainConfig
  const now = yield* DateTime.now
  const actor = actorOf(spec.principal)
  // Lock order: the group row first, then the invoice.
  let group = yield* loadGroup(tx, spec.principal.groupId, { lock: true })
  let invoice = yield* Effect.flatMap(
    tx.invoices.get(step.invoice.id, { lock: true }),
    Option.match({ onNone: () => Effect.fail(notFound("invoice")), onSome: Effect.succeed })
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
    accountId: spec.principal.adminId,
    key: spec.idempotencyKey,
    fingerprint: spec.fingerprint,
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
  // Drawn before the transactions, which may be retried.
  const freshChargeKey = makeChargeKey(yield* newId<string>(), spec.paymentMethod)
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
    const claimed = yield* decideClaim(
      yield* tx.chargeClaims.get(invoice.id),
      invoice.id,
      freshChargeKey,
      now,
      config.chargeClaimTimeout
    )
    yield* tx.chargeClaims.put(claimed.claim)
    yield* tx.idempotency.put({
      accountId,
      key: spec.idempotencyKey,
      fingerprint: spec.fingerprint,
      outcome: null,
      createdAt: now,
      expiresAt: DateTime.addDuration(now, config.idempotencyTtl)
    })
    const charge: Step1 = { _tag: "Charge", invoice, chargeKey: claimed.claim.chargeKey, startedAt: now }
    return charge
  }))
  if (step._tag === "Replayed") return step.charged

  // A stale claim taken over is charged again exactly as first made (rules/ChargeClaims.ts).
  const result = yield* gateway.charge({
    chargeKey: step.chargeKey,
    amount: step.invoice.amount,
    paymentMethod: Option.getOrElse(chargeKeyMethod(step.chargeKey), () => spec.paymentMethod),
    description: `${step.invoice.kind} invoice ${step.invoice.id}`
  })

  const settled = yield* store.transaction((tx) => settle(tx, spec, step, { ...result, paymentId }))
  if (settled.payment.status === "failed") {
    return yield* new PaymentDeclined({
      paymentId: settled.payment.id,
      invoiceId: settled.invoice.id,
      reason: settled.payment.failureReason ?? "declined"
    })
  }
  return settled
})

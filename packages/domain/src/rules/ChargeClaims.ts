/**
 * R44: two payments of one invoice must charge once. Before charging, a
 * payment claims the invoice; a live claim by anyone else makes it lose
 * (`invoice-not-open`). A claim whose charge never finished (the host died,
 * the gateway timed out) is stale after `chargeClaimTimeout` and may be taken
 * over, *reusing its chargeKey and its payment method*: the gateway dedups on
 * that key (and refuses it with other parameters), so a charge that did go
 * through is answered again rather than made twice, whatever method the
 * request taking over brought itself. Pure.
 */
import { DateTime, type Duration, Effect, Option } from "effect"
import { InvoiceNotOpen } from "../errors/DomainErrors.js"
import type { ChargeClaim } from "../model/Billing.js"
import type { InvoiceId } from "../values/Ids.js"

/** Whether a claim made at `claimedAt` is still live at `now`. */
export const isLive = (claimedAt: DateTime.Utc, now: DateTime.Utc, timeout: Duration.Duration): boolean =>
  DateTime.isLessThan(now, DateTime.addDuration(claimedAt, timeout))

export interface Claimed {
  readonly claim: ChargeClaim
  /** True when a stale claim was taken over (its chargeKey and method are reused). */
  readonly takenOver: boolean
}

/**
 * The charge a request would make on its own. The chargeKey is unique per
 * attempt: after a decline the next attempt must not be answered with the
 * old decline.
 */
export interface FreshCharge {
  readonly chargeKey: string
  readonly paymentMethod: string
}

/**
 * Claims `invoiceId` at `now`: a fresh claim for `fresh` when there is none,
 * the stale one taken over with its own chargeKey and method, or
 * `invoice-not-open` while someone else's claim is live.
 */
export const decideClaim = (
  existing: Option.Option<ChargeClaim>,
  invoiceId: InvoiceId,
  fresh: FreshCharge,
  now: DateTime.Utc,
  timeout: Duration.Duration
): Effect.Effect<Claimed, InvoiceNotOpen> => {
  if (Option.isNone(existing)) {
    return Effect.succeed({
      claim: { invoiceId, chargeKey: fresh.chargeKey, paymentMethod: fresh.paymentMethod, claimedAt: now },
      takenOver: false
    })
  }
  const claim = existing.value
  if (isLive(claim.claimedAt, now, timeout)) return Effect.fail(new InvoiceNotOpen())
  return Effect.succeed({
    claim: { invoiceId, chargeKey: claim.chargeKey, paymentMethod: claim.paymentMethod, claimedAt: now },
    takenOver: true
  })
}

/** Whether an invoice may be voided by a seat change: not while a charge of it may be running. */
export const mayVoid = (
  claim: Option.Option<ChargeClaim>,
  now: DateTime.Utc,
  timeout: Duration.Duration
): boolean => Option.isNone(claim) || !isLive(claim.value.claimedAt, now, timeout)

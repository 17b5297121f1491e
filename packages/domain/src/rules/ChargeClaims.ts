/**
 * R44: two payments of one invoice must charge once. Before charging, a
 * payment claims the invoice; a live claim by anyone else makes it lose
 * (`invoice-not-open`). A claim whose charge never finished (the host died,
 * the gateway timed out) is stale after `chargeClaimTimeout` and may be taken
 * over, *reusing its chargeKey*: the gateway dedups on that key, so a charge
 * that did go through is answered again rather than made twice. Pure.
 */
import { DateTime, type Duration, Effect, Option } from "effect"
import { InvoiceNotOpen } from "../errors/DomainErrors.js"
import type { ChargeClaim } from "../model/Billing.js"
import type { InvoiceId } from "../values/Ids.js"

/**
 * A fresh chargeKey: unique per attempt (after a decline the next attempt
 * must not be answered with the old decline), carrying the payment method it
 * was made for. A gateway refuses a key reused with other parameters, so a
 * request that takes over a stale claim repeats the *original* charge (its
 * method, the invoice's amount) to learn its outcome, whatever method it
 * brought itself. (Were the method a field of `ChargeClaim`, the key would
 * not need to carry it.)
 */
export const makeChargeKey = (unique: string, paymentMethod: string): string => {
  try {
    return `ch_${unique}~${encodeURIComponent(paymentMethod)}`
  } catch {
    // A method that is not well-formed Unicode cannot travel in the key.
    return `ch_${unique}`
  }
}

/** The payment method a chargeKey was made for; None for a key not made by `makeChargeKey`. */
export const chargeKeyMethod = (chargeKey: string): Option.Option<string> => {
  const at = chargeKey.indexOf("~")
  if (!chargeKey.startsWith("ch_") || at < 0) return Option.none()
  try {
    return Option.some(decodeURIComponent(chargeKey.slice(at + 1)))
  } catch {
    return Option.none()
  }
}

/** Whether a claim made at `claimedAt` is still live at `now`. */
export const isLive = (claimedAt: DateTime.Utc, now: DateTime.Utc, timeout: Duration.Duration): boolean =>
  DateTime.isLessThan(now, DateTime.addDuration(claimedAt, timeout))

export interface Claimed {
  readonly claim: ChargeClaim
  /** True when a stale claim was taken over (its chargeKey is reused). */
  readonly takenOver: boolean
}

/**
 * Claims `invoiceId` at `now`: a fresh claim with `freshChargeKey` when there
 * is none, the stale one taken over with its own chargeKey, or
 * `invoice-not-open` while someone else's claim is live.
 */
export const decideClaim = (
  existing: Option.Option<ChargeClaim>,
  invoiceId: InvoiceId,
  freshChargeKey: string,
  now: DateTime.Utc,
  timeout: Duration.Duration
): Effect.Effect<Claimed, InvoiceNotOpen> => {
  if (Option.isNone(existing)) {
    return Effect.succeed({ claim: { invoiceId, chargeKey: freshChargeKey, claimedAt: now }, takenOver: false })
  }
  const claim = existing.value
  if (isLive(claim.claimedAt, now, timeout)) return Effect.fail(new InvoiceNotOpen())
  return Effect.succeed({ claim: { invoiceId, chargeKey: claim.chargeKey, claimedAt: now }, takenOver: true })
}

/** Whether an invoice may be voided by a seat change: not while a charge of it may be running. */
export const mayVoid = (
  claim: Option.Option<ChargeClaim>,
  now: DateTime.Utc,
  timeout: Duration.Duration
): boolean => Option.isNone(claim) || !isLive(claim.value.claimedAt, now, timeout)

/**
 * R44 and API.md §5 *Idempotency*: what an idempotency key already holds
 * decides what a payment request does. A key is scoped to the account and
 * kept `idempotencyTtl` (≥ 24 hours); only requests that started a charge
 * are kept under it. Pure.
 *
 * - none (or expired): proceed;
 * - another fingerprint: `idempotency-key-reuse`;
 * - same fingerprint, finished: replay its outcome (a decline included);
 * - same fingerprint, still running: `idempotency-key-in-flight`, unless it
 *   is stale (older than `chargeClaimTimeout`: its charge never finished,
 *   e.g. the gateway was unavailable), when the request proceeds again and
 *   reuses the invoice's chargeKey (rules/ChargeClaims.ts).
 */
import { DateTime, type Duration, Effect, Option } from "effect"
import { IdempotencyKeyInFlight, IdempotencyKeyReuse } from "../errors/DomainErrors.js"
import type { ChargeOutcome, IdempotencyRecord } from "../model/Idempotency.js"
import { isLive } from "./ChargeClaims.js"

export type KeyDecision =
  | { readonly _tag: "Proceed" }
  | { readonly _tag: "Replay"; readonly outcome: ChargeOutcome }

/** Whether a record still holds at `now` (records past `expiresAt` are as good as gone). */
export const isKept = (record: Pick<IdempotencyRecord, "expiresAt">, now: DateTime.Utc): boolean =>
  DateTime.isLessThan(now, record.expiresAt)

export const decideKey = (
  existing: Option.Option<IdempotencyRecord>,
  fingerprint: string,
  now: DateTime.Utc,
  staleAfter: Duration.Duration
): Effect.Effect<KeyDecision, IdempotencyKeyReuse | IdempotencyKeyInFlight> => {
  if (Option.isNone(existing) || !isKept(existing.value, now)) return Effect.succeed({ _tag: "Proceed" })
  const record = existing.value
  if (record.fingerprint !== fingerprint) return Effect.fail(new IdempotencyKeyReuse())
  if (record.outcome !== null) return Effect.succeed({ _tag: "Replay", outcome: record.outcome })
  return isLive(record.createdAt, now, staleAfter)
    ? Effect.fail(new IdempotencyKeyInFlight())
    : Effect.succeed({ _tag: "Proceed" })
}

/**
 * R40, R43: raising an active group's seats bills the added seats for the
 * rest of the time already paid for:
 *
 *   added seats × seat price × remaining / period length, rounded UP to the minor unit,
 *
 * computed on integers only (milliseconds and minor units as BigInt), so no
 * floating-point error can make it a unit too low or too high. The remaining
 * time is clamped at zero; it is at most one period unless renewals were
 * prepaid, in which case the raise pays for every prepaid period the new
 * seats will ride on.
 */
import { DateTime, Duration } from "effect"

export interface ProrationInput {
  /** Seats added (≥ 0). */
  readonly addedSeats: number
  /** Price of one seat for one whole period, in minor units (≥ 0). */
  readonly seatPrice: number
  /** Milliseconds from now to the paid-through date (negative reads as 0). */
  readonly remainingMillis: number | bigint
  /** Milliseconds of one billing period (> 0). */
  readonly periodMillis: number | bigint
}

const toBig = (n: number | bigint): bigint => (typeof n === "bigint" ? n : BigInt(Math.trunc(n)))

/** Ceiling division of non-negative `a` by positive `b`. */
export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

/** R43: the prorated amount in minor units, rounded up. */
export const prorate = (input: ProrationInput): number => {
  const period = toBig(input.periodMillis)
  if (period <= 0n) throw new Error("the billing period must be positive")
  const remaining = toBig(input.remainingMillis)
  if (remaining <= 0n || input.addedSeats <= 0 || input.seatPrice <= 0) return 0
  const numerator = BigInt(input.addedSeats) * BigInt(input.seatPrice) * remaining
  const amount = ceilDiv(numerator, period)
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error("a prorated amount beyond safe integers")
  return Number(amount)
}

/** Whole milliseconds from `now` to `until` (negative when `until` has passed). */
export const millisBetween = (now: DateTime.Utc, until: DateTime.Utc): bigint =>
  BigInt(DateTime.toEpochMillis(until)) - BigInt(DateTime.toEpochMillis(now))

/** Whole milliseconds of a billing period. */
export const periodMillis = (period: Duration.Duration): bigint => {
  const millis = Duration.toMillis(period)
  if (!Number.isFinite(millis) || millis <= 0) throw new Error("the billing period must be finite and positive")
  return BigInt(Math.round(millis))
}

/** R43: the seats invoice's amount for raising by `addedSeats` at `now`, the current period ending at `paidThrough`. */
export const raiseAmount = (
  addedSeats: number,
  seatPrice: number,
  now: DateTime.Utc,
  paidThrough: DateTime.Utc,
  period: Duration.Duration
): number =>
  prorate({ addedSeats, seatPrice, remainingMillis: millisBetween(now, paidThrough), periodMillis: periodMillis(period) })

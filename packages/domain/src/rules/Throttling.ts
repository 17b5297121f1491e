/**
 * R15 and API.md §5 Throttle: at most N failures in any window (sliding);
 * while a key is over its limit, every attempt is refused, right or wrong,
 * until the oldest counted failure leaves the window.
 */
import { DateTime, Duration } from "effect"

export interface ThrottleKey {
  readonly key: string
  readonly limit: number
}

/** Seconds to wait, or 0 when `failures` (newest first, as the port returns them) leave room. */
export const secondsToWait = (
  failures: ReadonlyArray<DateTime.Utc>,
  limit: number,
  window: Duration.Duration,
  now: DateTime.Utc
): number => {
  if (failures.length < limit) return 0
  const oldestCounted = failures[limit - 1]!
  const freeAt = DateTime.addDuration(oldestCounted, window)
  const ms = DateTime.toEpochMillis(freeAt) - DateTime.toEpochMillis(now)
  return ms > 0 ? Math.ceil(ms / 1000) : 0
}

/** Keys are namespaced so that sign-ins and redemptions never count against each other. */
export const throttleKeys = {
  redemptionByAccount: (accountId: string) => `redeem:account:${accountId}`,
  redemptionByAddress: (address: string) => `redeem:address:${address}`,
  signInByPair: (login: string, address: string) => `signin:pair:${login}:${address}`,
  signInByAddress: (address: string) => `signin:address:${address}`
} as const

export const windowStart = (now: DateTime.Utc, window: Duration.Duration): DateTime.Utc =>
  DateTime.subtractDuration(now, window)

export const windowMillis = (window: Duration.Duration): number => Duration.toMillis(window)

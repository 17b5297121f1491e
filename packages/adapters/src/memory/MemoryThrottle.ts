/**
 * The `Throttle` port in memory (R15): per key, the times of recorded
 * failures, kept sorted so the newest are read from the end. It only records
 * and reads; the window and the limits are the domain's (rules/Throttling.ts).
 * Entries older than the retention (a day by default, far beyond the 15-minute
 * window) are pruned, so a flood of one-off addresses cannot grow it forever.
 */
import { DateTime, Duration, Effect, Layer } from "effect"
import { Throttle } from "@corporate-groups/domain"

export interface MemoryThrottleOptions {
  /** How long failures are kept; must exceed the longest window the domain is configured with. */
  readonly retention?: Duration.Input
}

/** A sweep of every key after this many recordings keeps idle keys from piling up. */
const SWEEP_EVERY = 1_000

/** Inserts keeping ascending order; clocks of several hosts need not agree, so `at` may be older than the last. */
const insertSorted = (times: Array<number>, at: number): void => {
  let i = times.length
  while (i > 0 && times[i - 1]! > at) i--
  times.splice(i, 0, at)
}

const prune = (times: Array<number>, cutoff: number): void => {
  let drop = 0
  while (drop < times.length && times[drop]! < cutoff) drop++
  if (drop > 0) times.splice(0, drop)
}

export const makeMemoryThrottle = (options: MemoryThrottleOptions = {}) =>
  Effect.sync(() => {
    const retention = Duration.toMillis(Duration.fromInputUnsafe(options.retention ?? Duration.days(1)))
    const failures = new Map<string, Array<number>>()
    let sinceSweep = 0

    const newestOf = (key: string, from: number, limit: number): Array<DateTime.Utc> => {
      const times = failures.get(key) ?? []
      const newest: Array<DateTime.Utc> = []
      for (let i = times.length - 1; i >= 0 && newest.length < limit && times[i]! >= from; i--) {
        newest.push(DateTime.makeUnsafe(times[i]!))
      }
      return newest
    }

    const recentFailures = (queries: ReadonlyArray<{ readonly key: string; readonly limit: number }>, since: DateTime.Utc) =>
      Effect.sync(() => {
        const from = DateTime.toEpochMillis(since)
        return queries.map(({ key, limit }) => newestOf(key, from, limit))
      })

    const recordFailure = (keys: ReadonlyArray<string>, at: DateTime.Utc) =>
      Effect.sync(() => {
        const millis = DateTime.toEpochMillis(at)
        const cutoff = millis - retention
        for (const key of new Set(keys)) {
          const times = failures.get(key) ?? []
          insertSorted(times, millis)
          prune(times, cutoff)
          failures.set(key, times)
        }
        if (++sinceSweep >= SWEEP_EVERY) {
          sinceSweep = 0
          for (const [key, times] of failures) {
            prune(times, cutoff)
            if (times.length === 0) failures.delete(key)
          }
        }
      })

    return Throttle.of({ recentFailures, recordFailure })
  })

export const MemoryThrottle = {
  make: makeMemoryThrottle,
  layer: (options?: MemoryThrottleOptions): Layer.Layer<Throttle> => Layer.effect(Throttle, makeMemoryThrottle(options))
} as const

/** R15: `guard` reads every key of a request from the throttle in one call (one round trip over a database). */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Exit } from "effect"
import { RateLimited } from "../../errors/DomainErrors.js"
import { Throttle } from "../../ports/Throttle.js"
import type { ThrottleKey } from "../../rules/Throttling.js"
import { guard } from "./Guard.js"

/** A throttle that answers each key with failures `secondsAfterSince` the window start, and logs its reads. */
const fakeThrottle = (secondsAfterSince: Record<string, ReadonlyArray<number>>) => {
  const reads: Array<ReadonlyArray<ThrottleKey>> = []
  const throttle = Throttle.of({
    recentFailures: (queries, since) =>
      Effect.sync(() => {
        reads.push(queries)
        return queries.map(({ key, limit }) =>
          (secondsAfterSince[key] ?? []).slice(0, Math.max(limit, 0)).map((s) => DateTime.add(since, { seconds: s })))
      }),
    recordFailure: () => Effect.void
  })
  return { reads, throttle }
}

describe("guard (R15)", () => {
  it.effect("R15: reads all keys in one call and waits for the key that frees last", () =>
    Effect.gen(function*() {
      // Newest first; the window is 15 minutes, so a failure s seconds after its start frees in s seconds.
      const { reads, throttle } = fakeThrottle({ account: [10, 5], address: [30] })
      const keys = [{ key: "account", limit: 2 }, { key: "address", limit: 1 }]
      const exit = yield* Effect.exit(guard(keys).pipe(Effect.provideService(Throttle, throttle)))
      assert.deepStrictEqual(reads, [keys])
      assert.deepStrictEqual(exit, Exit.fail(new RateLimited({ retryAfterSeconds: 30 })))
    }))

  it.effect("R15: under every limit, one read and no refusal", () =>
    Effect.gen(function*() {
      const { reads, throttle } = fakeThrottle({ account: [10], address: [30] })
      yield* guard([{ key: "account", limit: 2 }, { key: "address", limit: 2 }]).pipe(Effect.provideService(Throttle, throttle))
      assert.strictEqual(reads.length, 1)
    }))

  it.effect("R15: no keys, no read", () =>
    Effect.gen(function*() {
      const { reads, throttle } = fakeThrottle({})
      yield* guard([]).pipe(Effect.provideService(Throttle, throttle))
      assert.deepStrictEqual(reads, [])
    }))
})

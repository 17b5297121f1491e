/**
 * R15: the throttle as use cases apply it. `guard` refuses while any key is
 * over its limit (before anything else of the request is looked at, API.md
 * §5); `countFailure` records a failure under every key, outside the failed
 * operation's transaction so it persists.
 */
import { DateTime, Effect } from "effect"
import { DomainConfig } from "../../config/DomainConfig.js"
import { RateLimited } from "../../errors/DomainErrors.js"
import { Throttle } from "../../ports/Throttle.js"
import { secondsToWait, type ThrottleKey, windowStart } from "../../rules/Throttling.js"

export const guard = Effect.fnUntraced(function*(keys: ReadonlyArray<ThrottleKey>) {
  if (keys.length === 0) return
  const throttle = yield* Throttle
  const { window } = (yield* DomainConfig).throttle
  const now = yield* DateTime.now
  // All keys in one read: over a database that is one round trip per request, not one per key.
  const failures = yield* throttle.recentFailures(keys, windowStart(now, window))
  const wait = Math.max(0, ...keys.map(({ limit }, i) => secondsToWait(failures[i]!, limit, window, now)))
  if (wait > 0) return yield* new RateLimited({ retryAfterSeconds: wait })
})

export const countFailure = Effect.fnUntraced(function*(keys: ReadonlyArray<ThrottleKey>) {
  const throttle = yield* Throttle
  yield* throttle.recordFailure(keys.map((k) => k.key), yield* DateTime.now)
})

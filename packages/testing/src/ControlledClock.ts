/**
 * A wall clock that moves only when a test says so, while `sleep` still waits
 * in real time. Effect's `TestClock` also freezes sleeps, which would stall a
 * real adapter's retry back-off or a pool's timeouts; this clock lets the
 * same suite run against memory, PGlite and a Postgres server.
 */
import { Clock, Context, Duration, Effect, Layer } from "effect"

/** 2030-01-01T00:00:00Z: far from any real "now", so a test that reads the real clock shows. */
export const DEFAULT_START = Date.UTC(2030, 0, 1)

export class ControlledClock extends Context.Service<ControlledClock, {
  readonly now: () => number
  readonly advance: (by: Duration.Input) => Effect.Effect<void>
  readonly set: (millis: number) => Effect.Effect<void>
}>()("@corporate-groups/testing/ControlledClock") {
  /** Provides both the handle and Effect's `Clock`, starting at `start`. */
  static readonly layer = (start: number = DEFAULT_START): Layer.Layer<ControlledClock> => {
    let current = start
    const real = Clock.Clock.defaultValue()
    const clock: Clock.Clock = {
      currentTimeMillisUnsafe: () => current,
      currentTimeMillis: Effect.sync(() => current),
      currentTimeNanosUnsafe: () => BigInt(current) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => BigInt(current) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: real.monotonicTimeNanos,
      sleep: (duration) => real.sleep(duration)
    }
    const handle = ControlledClock.of({
      now: () => current,
      advance: (by) => Effect.sync(() => {
        current += Duration.toMillis(Duration.fromInputUnsafe(by))
      }),
      set: (millis) => Effect.sync(() => {
        current = millis
      })
    })
    return Layer.mergeAll(Layer.succeed(ControlledClock, handle), Layer.succeed(Clock.Clock, clock))
  }
}

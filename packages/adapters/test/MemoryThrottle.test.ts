/** R15: the throttle store records failures per key and reads the newest within a window. */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect } from "effect"
import * as fc from "fast-check"
import { makeMemoryThrottle } from "../src/memory/MemoryThrottle.js"
import { expectedOffsets, failuresOf, multiKeyCase, runProperty } from "./support.js"

const T0 = 1_700_000_000_000
const at = (offsetMs: number) => DateTime.makeUnsafe(T0 + offsetMs)
const millis = (times: ReadonlyArray<DateTime.Utc>) => times.map((t) => DateTime.toEpochMillis(t) - T0)

describe("MemoryThrottle", () => {
  it.effect("R15: returns the failures since the window start, newest first, at most the limit", () =>
    Effect.gen(function*() {
      const throttle = yield* makeMemoryThrottle()
      for (const offset of [0, 1_000, 2_000, 3_000, 4_000]) yield* throttle.recordFailure(["k"], at(offset))
      assert.deepStrictEqual(millis(yield* failuresOf(throttle, "k", at(1_000), 10)), [4_000, 3_000, 2_000, 1_000])
      assert.deepStrictEqual(millis(yield* failuresOf(throttle, "k", at(0), 2)), [4_000, 3_000])
      assert.deepStrictEqual(yield* failuresOf(throttle, "k", at(5_000), 10), [])
      assert.deepStrictEqual(yield* failuresOf(throttle, "other", at(0), 10), [])
    }))

  it.effect("R15: one recording counts once under each of its keys, and keys do not share counts", () =>
    Effect.gen(function*() {
      const throttle = yield* makeMemoryThrottle()
      yield* throttle.recordFailure(["account:a", "address:1"], at(0))
      yield* throttle.recordFailure(["account:b", "address:1"], at(1))
      assert.strictEqual((yield* failuresOf(throttle, "account:a", at(0), 10)).length, 1)
      assert.strictEqual((yield* failuresOf(throttle, "account:b", at(0), 10)).length, 1)
      assert.strictEqual((yield* failuresOf(throttle, "address:1", at(0), 10)).length, 2)
    }))

  it("R15: in whatever order failures are recorded (hosts' clocks differ), reads are newest first", () =>
    fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 40 }),
      fc.integer({ min: 0, max: 100_000 }),
      fc.integer({ min: 1, max: 50 }),
      (offsets, since, limit) =>
        runProperty(Effect.gen(function*() {
          const throttle = yield* makeMemoryThrottle()
          for (const offset of offsets) yield* throttle.recordFailure(["k"], at(offset))
          const expected = offsets.filter((o) => o >= since).toSorted((a, b) => b - a).slice(0, limit)
          assert.deepStrictEqual(millis(yield* failuresOf(throttle, "k", at(since), limit)), expected)
        }))
    )))

  it.effect("R15: several keys in one call, each with its own limit; answers follow the queries, duplicates included", () =>
    Effect.gen(function*() {
      const throttle = yield* makeMemoryThrottle()
      for (const offset of [0, 1_000, 2_000]) yield* throttle.recordFailure(["account", "address"], at(offset))
      yield* throttle.recordFailure(["address"], at(3_000))
      const answers = yield* throttle.recentFailures([
        { key: "address", limit: 3 },
        { key: "account", limit: 10 },
        { key: "unknown", limit: 10 },
        { key: "account", limit: 0 },
        { key: "address", limit: 1 }
      ], at(500))
      assert.deepStrictEqual(answers.map(millis), [[3_000, 2_000, 1_000], [2_000, 1_000], [], [], [3_000]])
      assert.deepStrictEqual(yield* throttle.recentFailures([], at(0)), [])
    }))

  it("R15: a several-key read answers each query as reading its key alone would", () =>
    fc.assert(fc.asyncProperty(multiKeyCase, (c) =>
      runProperty(Effect.gen(function*() {
        const throttle = yield* makeMemoryThrottle()
        for (const { keys, offset } of c.recordings) yield* throttle.recordFailure(keys, at(offset))
        const together = yield* throttle.recentFailures(c.queries, at(c.since))
        const alone = yield* Effect.forEach(c.queries, (q) => failuresOf(throttle, q.key, at(c.since), q.limit))
        assert.deepStrictEqual(together.map(millis), alone.map(millis))
        assert.deepStrictEqual(together.map(millis), c.queries.map((q) => expectedOffsets(c, q)))
      }))
    )))

  it.effect("failures older than the retention are forgotten", () =>
    Effect.gen(function*() {
      const throttle = yield* makeMemoryThrottle({ retention: "1 hour" })
      yield* throttle.recordFailure(["k"], at(0))
      yield* throttle.recordFailure(["k"], at(2 * 3_600_000))
      assert.deepStrictEqual(millis(yield* failuresOf(throttle, "k", at(0), 10)), [2 * 3_600_000])
    }))
})

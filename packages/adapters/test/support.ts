/** Small helpers shared by the adapter tests. */
import { type DateTime, Effect, Exit, Option, Result } from "effect"
import * as fc from "fast-check"
import type { Throttle } from "@corporate-groups/domain"
import { ConstraintViolation } from "../src/memory/ConstraintViolation.js"
import { makeMemoryStore } from "../src/memory/MemoryStore.js"

/** The defect an exit died with, if it died. */
export const defectOf = <A, E>(exit: Exit.Exit<A, E>): unknown => Result.getOrUndefined(Exit.findDefect(exit))

/** The name of the constraint an exit died on, or undefined when it did not die on one. */
export const violatedConstraint = <A, E>(exit: Exit.Exit<A, E>): string | undefined => {
  const defect = defectOf(exit)
  return defect instanceof ConstraintViolation ? defect.constraint : undefined
}

/** A fresh store, for tests that want several or none of the layer's services. */
export const freshStore = makeMemoryStore

export const some = <A>(option: Option.Option<A>): A => Option.getOrThrow(option)

/** Runs a property's Effect as fast-check wants it: a Promise. */
export const runProperty = <E>(effect: Effect.Effect<void, E>): Promise<void> => Effect.runPromise(effect)

/** One key's newest failures, read through the port's several-key call (R15). */
export const failuresOf = (throttle: Throttle["Service"], key: string, since: DateTime.Utc, limit: number) =>
  Effect.map(throttle.recentFailures([{ key, limit }], since), (answers) => answers[0]!)

const THROTTLE_KEYS = ["a", "b", "c"] as const

/**
 * Failures recorded at millisecond offsets under a few shared keys, and one
 * several-key read: keys may repeat, be unknown, or have a limit ≤ 0.
 */
export const multiKeyCase = fc.record({
  recordings: fc.array(
    fc.record({ keys: fc.subarray([...THROTTLE_KEYS], { minLength: 1 }), offset: fc.integer({ min: 0, max: 100_000 }) }),
    { maxLength: 30 }
  ),
  queries: fc.array(fc.record({ key: fc.constantFrom(...THROTTLE_KEYS, "unknown"), limit: fc.integer({ min: -1, max: 12 }) }), {
    maxLength: 6
  }),
  since: fc.integer({ min: 0, max: 100_000 })
})

/** The offsets a query should get back: its key's since `since`, newest first, at most its limit. */
export const expectedOffsets = (
  { recordings, since }: { readonly recordings: ReadonlyArray<{ readonly keys: ReadonlyArray<string>; readonly offset: number }>; readonly since: number },
  { key, limit }: { readonly key: string; readonly limit: number }
): Array<number> =>
  recordings.filter((r) => r.keys.includes(key) && r.offset >= since).map((r) => r.offset)
    .toSorted((a, b) => b - a).slice(0, Math.max(limit, 0))

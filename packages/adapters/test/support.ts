/** Small helpers shared by the adapter tests. */
import { Effect, Exit, Option, Result } from "effect"
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

/**
 * A statement as an Effect, for what runs outside the store's transactions
 * (the throttle, the inspector, resets; the store's own go through
 * TxContext.ts). A failure dies with a `SqlFailure` naming the statement.
 * The statement is not cancelled when the fiber is interrupted:
 * `statement_timeout` bounds how long it can run.
 */
import { Effect } from "effect"
import { Unavailable } from "@corporate-groups/domain"
import { ConstraintViolation } from "../memory/ConstraintViolation.js"
import { isSqlFailure, SqlFailure, unavailableReason, verdictOf } from "./SqlFailure.js"

export const statement = <A>(name: string, run: () => Promise<A>): Effect.Effect<A> =>
  Effect.orDie(Effect.tryPromise({ try: run, catch: (cause) => new SqlFailure(name, cause) }))

/** A constraint the adapter checks itself, failing as the database's own would (a defect). */
export const violated = (constraint: string, detail: string): Effect.Effect<never> =>
  Effect.die(new ConstraintViolation(constraint, detail))

/**
 * For a statement run on its own, outside any store transaction (the
 * throttle): a lost connection is `Unavailable`, anything else a defect.
 */
export const orUnavailable = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | Unavailable, R> =>
  Effect.catchDefect(effect, (defect) =>
    isSqlFailure(defect) && verdictOf(defect.cause) === "unavailable"
      ? Effect.fail(new Unavailable({ reason: unavailableReason(defect) }))
      : Effect.die(defect))

/**
 * One statement as an Effect. The Tx methods have no error channel, so a
 * failure dies with a `SqlFailure` naming the statement; `transaction` then
 * decides what it means (SqlFailure.ts). The statement is not cancelled when
 * the fiber is interrupted: the transaction's rollback waits for it on the
 * same connection, and `statement_timeout` bounds how long that can be.
 */
import { Effect } from "effect"
import { Unavailable } from "@corporate-groups/domain"
import { ConstraintViolation } from "../memory/ConstraintViolation.js"
import { isSqlFailure, SqlFailure, unavailableReason, verdictOf } from "./SqlFailure.js"

export const statement = <A>(name: string, run: () => Promise<A>): Effect.Effect<A> =>
  Effect.orDie(Effect.tryPromise({ try: run, catch: (cause) => new SqlFailure(name, cause) }))

/**
 * For writes that must hit exactly one row (an update of a missing row, a
 * claim of a missing invoice): the memory store refuses these as defects, and
 * so does this one, naming the key that was missing.
 */
export const requireOneRow = (count: bigint | undefined, constraint: string, detail: string): Effect.Effect<void> =>
  count === 1n ? Effect.void : violated(constraint, detail)

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

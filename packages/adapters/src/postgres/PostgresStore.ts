/**
 * The `Store` port on PostgreSQL (DESIGN.md: *Atomicity is a port*). A
 * transaction is BEGIN (READ COMMITTED: the domain locks what it reads to
 * decide with `lock: true`, i.e. `FOR UPDATE`), the use case's function with
 * a `Tx` bound to that transaction, then COMMIT; a failure, a defect or an
 * interruption of the function rolls back. Once the function has succeeded,
 * COMMIT runs to its end: an interruption then cannot leave the caller
 * unsure whether a write it was told about was kept.
 *
 * A transaction that conflicts (serialization failure, deadlock, a unique
 * key taken by a concurrent commit) runs again from the start, after a
 * short jittered pause, a bounded number of times; SqlFailure.ts says what
 * each failure means. Lost connections and exhausted retries surface as the
 * domain's `Unavailable`, with nothing half-done: the server rolls back a
 * transaction whose session died.
 */
import { Cause, Context, Effect, Exit, Layer, Result, Schedule } from "effect"
import { Store, type StoreService, type Tx, Unavailable } from "@corporate-groups/domain"
import { accountsTable, adminsTable, usersTable } from "./AccountTables.js"
import { chargeClaimsTable, idempotencyTable, invoicesTable, paymentsTable, phoneCallsTable } from "./BillingTables.js"
import { auditTable, outboxTable } from "./EventTables.js"
import { groupsTable, membershipsTable } from "./GroupTables.js"
import { PostgresDatabase } from "./PostgresDatabase.js"
import { sessionsTable } from "./SessionTable.js"
import { constraintViolation, isSqlFailure, type SqlFailure, unavailableReason, verdictOf } from "./SqlFailure.js"
import { statement } from "./Statement.js"
import { type TxContext, txContext } from "./TxContext.js"

const txOver = (cx: TxContext): Tx => ({
  accounts: accountsTable(cx),
  users: usersTable(cx),
  admins: adminsTable(cx),
  groups: groupsTable(cx),
  memberships: membershipsTable(cx),
  invoices: invoicesTable(cx),
  chargeClaims: chargeClaimsTable(cx),
  payments: paymentsTable(cx),
  idempotency: idempotencyTable(cx),
  sessions: sessionsTable(cx),
  phoneCalls: phoneCallsTable(cx),
  outbox: outboxTable(cx),
  audit: auditTable(cx)
})

export interface PostgresStoreOptions {
  /** Runs of a transaction that keeps hitting serialization failures or deadlocks (default 8). */
  readonly maxAttempts?: number
}

export const DEFAULT_MAX_ATTEMPTS = 8
/**
 * A unique key is taken by a concurrent commit once; the run after it sees
 * the row. Taken on every run, the use case never checked: a defect, found
 * after this many runs rather than after the full budget.
 */
const UNIQUE_ATTEMPTS = 3

/** A run that lost to a concurrent transaction; the signal to run again. */
class Conflict {
  constructor(readonly kind: "conflict" | "unique", readonly failure: SqlFailure) {}
}

const retryPolicy = (maxAttempts: number) =>
  Schedule.min([Schedule.exponential("5 millis", 2), Schedule.spaced("250 millis")]).pipe(
    Schedule.jittered,
    Schedule.setInputType<unknown>(),
    Schedule.while(({ attempt, input }) =>
      input instanceof Conflict && attempt < (input.kind === "unique" ? Math.min(UNIQUE_ATTEMPTS, maxAttempts) : maxAttempts)
    )
  )

/** What a failed run means: run again, `Unavailable`, a constraint's defect, or the failure as it was. */
const classify = <A, E, R>(run: Effect.Effect<A, E, R>): Effect.Effect<A, E | Conflict | Unavailable, R> =>
  Effect.catchCause(run, (cause): Effect.Effect<never, E | Conflict | Unavailable> => {
    const defect = Cause.findDefect(cause)
    if (Cause.hasInterrupts(cause) || Result.isFailure(defect) || !isSqlFailure(defect.success)) return Effect.failCause(cause)
    const failure = defect.success
    switch (verdictOf(failure.cause)) {
      case "conflict":
        return Effect.fail(new Conflict("conflict", failure))
      case "unique":
        return Effect.fail(new Conflict("unique", failure))
      case "unavailable":
        return Effect.fail(new Unavailable({ reason: unavailableReason(failure) }))
      case "constraint":
        return Effect.die(constraintViolation(failure))
      case "defect":
        return Effect.failCause(cause)
    }
  })

/**
 * The transaction the current fiber is inside, per store. A nested one would
 * wait for a second connection (PGlite has one: forever), so it is a defect.
 */
const CurrentTransaction = Context.Reference<object | null>(
  "@corporate-groups/adapters/postgres/CurrentTransaction",
  { defaultValue: () => null }
)

export const makePostgresStore = (options: PostgresStoreOptions = {}) =>
  Effect.gen(function*() {
    const database = yield* PostgresDatabase
    const identity = {}
    const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS))

    const begin = statement("begin", () => database.db.startTransaction().setIsolationLevel("read committed").execute())
    // A rollback that fails (the connection is gone) has nothing left to undo:
    // the server drops the transaction with its session, and kysely discards
    // the connection.
    const rollback = (trx: Effect.Success<typeof begin>) =>
      Effect.promise(() => trx.rollback().execute().catch(() => undefined))

    /** One run of `f`: only `f` is interruptible; BEGIN and COMMIT always finish. */
    const run = <A, E, R>(f: (tx: Tx) => Effect.Effect<A, E, R>) =>
      database.gate(Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const trx = yield* begin
          const body = restore(Effect.suspend(() => f(txOver(txContext(trx))))).pipe(
            Effect.provideService(CurrentTransaction, identity)
          )
          const exit = yield* Effect.exit(body)
          if (Exit.isFailure(exit)) {
            yield* rollback(trx)
            return yield* Effect.failCause(exit.cause)
          }
          const committed = yield* Effect.exit(statement("commit", () => trx.commit().execute()))
          if (Exit.isFailure(committed)) {
            yield* rollback(trx)
            return yield* Effect.failCause(committed.cause)
          }
          return exit.value
        })
      ))

    const transaction = <A, E, R>(f: (tx: Tx) => Effect.Effect<A, E, R>): Effect.Effect<A, E | Unavailable, R> =>
      Effect.gen(function*() {
        if ((yield* CurrentTransaction) === identity) {
          return yield* Effect.die(new Error("postgres store: nested transaction on the same store"))
        }
        return yield* classify(run(f)).pipe(
          Effect.retry(retryPolicy(maxAttempts)),
          Effect.catchIf(
            (error): error is Conflict => error instanceof Conflict,
            (conflict) =>
              conflict.kind === "unique"
                ? Effect.die(constraintViolation(conflict.failure))
                : Effect.fail(new Unavailable({ reason: `postgres: still conflicting after ${maxAttempts} attempts` }))
          )
        )
      })

    return Store.of({ transaction }) satisfies StoreService
  })

export const PostgresStore = {
  make: makePostgresStore,
  /** The store over the `PostgresDatabase` in context. */
  layer: (options?: PostgresStoreOptions): Layer.Layer<Store, never, PostgresDatabase> =>
    Layer.effect(Store, makePostgresStore(options))
} as const

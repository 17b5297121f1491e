/**
 * The `Store` port on PostgreSQL (DESIGN.md: *Atomicity is a port*). A
 * transaction runs on one connection at READ COMMITTED (taken when it
 * begins, TxContext.ts): the domain locks
 * what it reads to decide with `lock: true` (`FOR UPDATE`), the use case's
 * function runs with a `Tx` bound to that connection, then COMMIT; a
 * failure, a defect or an interruption of the function rolls back. Once the
 * function has succeeded, COMMIT runs to its end: an interruption then cannot
 * leave the caller unsure whether a write it was told about was kept.
 * TxContext.ts says which statements are sent when (BEGIN only once a
 * statement needs it, writes together).
 *
 * A transaction that conflicts (serialization failure, deadlock, a unique
 * key taken by a concurrent commit) runs again from the start, after a
 * short jittered pause, a bounded number of times; SqlFailure.ts says what
 * each failure means. So does one whose connection was lost before COMMIT
 * was sent (a pooled connection the server had closed): the server rolled it
 * back, so it runs once more on a fresh connection. Lost connections
 * otherwise, and exhausted retries, surface as the domain's `Unavailable`,
 * with nothing half-done: the server rolls back a transaction whose session
 * died.
 */
import { Cause, Context, Effect, Exit, Layer, Result, Schedule } from "effect"
import { Store, type StoreService, type Tx, Unavailable } from "@corporate-groups/domain"
import { accountsTable, adminsTable, usersTable } from "./AccountTables.js"
import { chargeClaimsTable, idempotencyTable, invoicesTable, paymentsTable, phoneCallsTable } from "./BillingTables.js"
import { auditTable, outboxTable } from "./EventTables.js"
import { groupsTable, membershipsTable } from "./GroupTables.js"
import { PostgresDatabase } from "./PostgresDatabase.js"
import { sessionsTable } from "./SessionTable.js"
import {
  constraintViolation,
  isSqlFailure,
  neverSent,
  sessionEnded,
  SqlFailure,
  unavailableReason,
  verdictOf
} from "./SqlFailure.js"
import { CONNECT, type TxContext, txContext } from "./TxContext.js"

/**
 * The `Tx` of one run over its context. A table's methods are built the first
 * time the run uses that table: authentication uses one table of thirteen, a
 * join four, and building all thirteen for every run showed in a profile of
 * joins (`perf record` of the host, about 1% of its CPU).
 */
class PostgresTx implements Tx {
  #accounts: Tx["accounts"] | undefined
  #users: Tx["users"] | undefined
  #admins: Tx["admins"] | undefined
  #groups: Tx["groups"] | undefined
  #memberships: Tx["memberships"] | undefined
  #invoices: Tx["invoices"] | undefined
  #chargeClaims: Tx["chargeClaims"] | undefined
  #payments: Tx["payments"] | undefined
  #idempotency: Tx["idempotency"] | undefined
  #sessions: Tx["sessions"] | undefined
  #phoneCalls: Tx["phoneCalls"] | undefined
  #outbox: Tx["outbox"] | undefined
  #audit: Tx["audit"] | undefined

  constructor(private readonly cx: TxContext) {}

  get accounts() { return this.#accounts ??= accountsTable(this.cx) }
  get users() { return this.#users ??= usersTable(this.cx) }
  get admins() { return this.#admins ??= adminsTable(this.cx) }
  get groups() { return this.#groups ??= groupsTable(this.cx) }
  get memberships() { return this.#memberships ??= membershipsTable(this.cx) }
  get invoices() { return this.#invoices ??= invoicesTable(this.cx) }
  get chargeClaims() { return this.#chargeClaims ??= chargeClaimsTable(this.cx) }
  get payments() { return this.#payments ??= paymentsTable(this.cx) }
  get idempotency() { return this.#idempotency ??= idempotencyTable(this.cx) }
  get sessions() { return this.#sessions ??= sessionsTable(this.cx) }
  get phoneCalls() { return this.#phoneCalls ??= phoneCallsTable(this.cx) }
  get outbox() { return this.#outbox ??= outboxTable(this.cx) }
  get audit() { return this.#audit ??= auditTable(this.cx) }
}

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
/** A connection lost before COMMIT: once more, on a new connection; lost again, the server is likely gone. */
const LOST_ATTEMPTS = 2

/** A run that lost to a concurrent transaction or lost its connection before COMMIT; the signal to run again. */
class Conflict {
  constructor(readonly kind: "conflict" | "unique" | "lost", readonly failure: SqlFailure) {}
}

const attemptsFor = (kind: Conflict["kind"], maxAttempts: number): number =>
  kind === "unique" ? Math.min(UNIQUE_ATTEMPTS, maxAttempts) : kind === "lost" ? Math.min(LOST_ATTEMPTS, maxAttempts) : maxAttempts

const retryPolicy = (maxAttempts: number) =>
  Schedule.min([Schedule.exponential("5 millis", 2), Schedule.spaced("250 millis")]).pipe(
    Schedule.jittered,
    Schedule.setInputType<unknown>(),
    Schedule.while(({ attempt, input }) => input instanceof Conflict && attempt < attemptsFor(input.kind, maxAttempts))
  )

/**
 * What the failure of a run means: run again, `Unavailable`, a constraint's
 * defect, or the failure as it was. `outcomeUnknown`: the run had sent
 * COMMIT (or its lone write) when it failed, so it may have committed and
 * must not run again.
 */
const classify = <E>(cause: Cause.Cause<E>, outcomeUnknown: boolean): Effect.Effect<never, E | Conflict | Unavailable> => {
  const defect = Cause.findDefect(cause)
  if (Cause.hasInterrupts(cause) || Result.isFailure(defect) || !isSqlFailure(defect.success)) return Effect.failCause(cause)
  const failure = defect.success
  // No connection could be opened: nothing was sent, and the server is not there to try again on.
  if (failure.statement === CONNECT) return Effect.fail(new Unavailable({ reason: unavailableReason(failure) }))
  switch (verdictOf(failure.cause)) {
    case "conflict":
      return Effect.fail(new Conflict("conflict", failure))
    case "unique":
      return Effect.fail(new Conflict("unique", failure))
    case "unavailable":
      return sessionEnded(failure.cause) && (!outcomeUnknown || neverSent(failure.cause))
        ? Effect.fail(new Conflict("lost", failure))
        : Effect.fail(new Unavailable({ reason: unavailableReason(failure) }))
    case "constraint":
      return Effect.die(constraintViolation(failure))
    case "defect":
      return Effect.failCause(cause)
  }
}

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
    const retry = retryPolicy(maxAttempts)

    // PGlite's one connection is held from a transaction's start to its end; a pool's is
    // waited for when the transaction first needs it (SqlConnections.ts: acquire).
    const gate = database.sql.transactionsGated ? database.gate : <A, E, R>(effect: Effect.Effect<A, E, R>) => effect

    /** One run of `f` on one connection: only `f` is interruptible; the commit (or rollback) always finishes. */
    const run = <A, E, R>(f: (tx: Tx) => Effect.Effect<A, E, R>): Effect.Effect<A, E | Conflict | Unavailable, R> =>
      gate(Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const cx = txContext(database.sql, database.db)
          const body = restore(Effect.suspend(() => f(new PostgresTx(cx)))).pipe(Effect.provideService(CurrentTransaction, identity))
          const exit = yield* Effect.exit(Effect.tap(body, () => cx.commit))
          if (Exit.isSuccess(exit)) {
            cx.release(false)
            return exit.value
          }
          const clean = yield* cx.rollback
          cx.release(!clean)
          return yield* classify(exit.cause, cx.outcomeUnknown())
        })
      ))

    const transaction = <A, E, R>(f: (tx: Tx) => Effect.Effect<A, E, R>): Effect.Effect<A, E | Unavailable, R> =>
      Effect.gen(function*() {
        if ((yield* CurrentTransaction) === identity) {
          return yield* Effect.die(new Error("postgres store: nested transaction on the same store"))
        }
        return yield* run(f).pipe(
          Effect.retry(retry),
          Effect.catchIf(
            (error): error is Conflict => error instanceof Conflict,
            (conflict) => {
              switch (conflict.kind) {
                case "unique":
                  return Effect.die(constraintViolation(conflict.failure))
                case "lost":
                  return Effect.fail(new Unavailable({ reason: unavailableReason(conflict.failure) }))
                case "conflict":
                  return Effect.fail(new Unavailable({ reason: `postgres: still conflicting after ${maxAttempts} attempts` }))
              }
            }
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

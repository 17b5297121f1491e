/**
 * The `Store` port in memory, behaving as a database would (DESIGN.md:
 * *Atomicity is a port*). Transactions of one store run one at a time behind a
 * one-permit semaphore, so a read-then-write inside one can never lose an
 * update (R11 holds under any concurrency). Each works on a copy of the
 * committed state (O(1): persistent maps) that is swapped in whole on success
 * and dropped on failure, defect or interruption: all-or-nothing. Unique keys,
 * foreign keys and CHECKs are enforced as defects (see ConstraintViolation).
 * It stores and loads; it never decides a rule.
 */
import { Context, Effect, Layer, Semaphore } from "effect"
import { Store, type StoreService, type Tx, Unavailable } from "@corporate-groups/domain"
import { accountsTable, adminsTable, usersTable } from "./AccountTables.js"
import { chargeClaimsTable, idempotencyTable, invoicesTable, paymentsTable, phoneCallsTable } from "./BillingTables.js"
import { auditTable, outboxTable } from "./EventTables.js"
import { groupsTable, membershipsTable } from "./GroupTables.js"
import { MemoryStoreFaults, MemoryStoreInspector } from "./MemoryStoreInspector.js"
import { sessionsTable } from "./SessionTable.js"
import { snapshotOf } from "./Snapshot.js"
import { emptyState, type StoreState } from "./StoreState.js"
import { Working } from "./Working.js"

const txOver = (w: Working): Tx => ({
  accounts: accountsTable(w),
  users: usersTable(w),
  admins: adminsTable(w),
  groups: groupsTable(w),
  memberships: membershipsTable(w),
  invoices: invoicesTable(w),
  chargeClaims: chargeClaimsTable(w),
  payments: paymentsTable(w),
  idempotency: idempotencyTable(w),
  sessions: sessionsTable(w),
  phoneCalls: phoneCallsTable(w),
  outbox: outboxTable(w),
  audit: auditTable(w)
})

/**
 * The store whose transaction the current fiber is inside. A nested
 * transaction on the same store would wait forever for its own permit; it is
 * turned into a defect that says so instead.
 */
const CurrentTransaction = Context.Reference<object | null>(
  "@corporate-groups/adapters/memory/CurrentTransaction",
  { defaultValue: () => null }
)

const count = (n: number) => Math.max(0, Math.floor(n))

export interface MemoryStoreHandle {
  readonly store: StoreService
  readonly inspector: MemoryStoreInspector["Service"]
  readonly faults: MemoryStoreFaults["Service"]
}

/** A fresh, empty store; every call makes an independent one. */
export const makeMemoryStore: Effect.Effect<MemoryStoreHandle> = Effect.gen(function*() {
  const permit = yield* Semaphore.make(1)
  const identity = {}
  let committed: StoreState = emptyState
  let failCommits = 0
  let retries = 0

  /** One run of `f` on a fresh working copy; the copy is closed however `f` ends. */
  const attempt = <A, E, R>(
    f: (tx: Tx) => Effect.Effect<A, E, R>,
    restore: <AX, EX, RX>(effect: Effect.Effect<AX, EX, RX>) => Effect.Effect<AX, EX, RX>
  ) =>
    Effect.suspend(() => {
      const working = new Working(committed)
      return restore(Effect.suspend(() => f(txOver(working)))).pipe(
        Effect.provideService(CurrentTransaction, identity),
        Effect.onExit(() => Effect.sync(() => working.close())),
        Effect.map((value) => ({ value, written: working.close() }))
      )
    })

  const transaction = <A, E, R>(f: (tx: Tx) => Effect.Effect<A, E, R>): Effect.Effect<A, E | Unavailable, R> =>
    Effect.gen(function*() {
      if ((yield* CurrentTransaction) === identity) {
        return yield* Effect.die(new Error("memory store: nested transaction on the same store (it would deadlock)"))
      }
      // Only `f` is interruptible: once it has succeeded, the swap below
      // always happens, and an interruption before that leaves nothing.
      return yield* Semaphore.withPermit(permit)(Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          for (;;) {
            const { value, written } = yield* attempt(f, restore)
            if (retries > 0) {
              retries--
              continue
            }
            if (failCommits > 0) {
              failCommits--
              return yield* new Unavailable({ reason: "memory store: simulated loss of the connection before commit" })
            }
            committed = written
            return value
          }
        })
      ))
    })

  return {
    store: Store.of({ transaction }),
    inspector: MemoryStoreInspector.of({ snapshot: Effect.sync(() => snapshotOf(committed)) }),
    faults: MemoryStoreFaults.of({
      failNextCommits: (n) => Effect.sync(() => void (failCommits = count(n))),
      retryNextTransactions: (n) => Effect.sync(() => void (retries = count(n)))
    })
  }
})

export const MemoryStore = {
  make: makeMemoryStore,
  /** A fresh store per build, with its inspector and fault switches for tests. */
  layer: Layer.effectContext(Effect.map(makeMemoryStore, (handle) =>
    Context.make(Store, handle.store).pipe(
      Context.add(MemoryStoreInspector, handle.inspector),
      Context.add(MemoryStoreFaults, handle.faults)
    ))) satisfies Layer.Layer<Store | MemoryStoreInspector | MemoryStoreFaults>
} as const

/**
 * The store's transaction as the domain relies on it: all-or-nothing (R50:
 * events commit with their change or not at all), serialized (R11: no lost
 * update of the member counter), rolled back on interruption.
 */
import { assert, describe, it } from "@effect/vitest"
import type { GroupId, InvoiceId, SessionId, StoreService, Tx, UserId } from "@corporate-groups/domain"
import { Deferred, Effect, Exit, Fiber, Option } from "effect"
import * as fc from "fast-check"
import { makeMemoryStore } from "../src/memory/MemoryStore.js"
import * as F from "./fixtures.js"
import { defectOf, runProperty, some } from "./support.js"

interface Seed {
  readonly groupId: GroupId
  readonly userId: UserId
  readonly invoiceId: InvoiceId
  readonly sessionId: SessionId
}

/** A group with a member, a session and an open invoice, so that updates and deletes have rows to hit. */
const seedStore = (store: StoreService) =>
  store.transaction((tx) =>
    Effect.gen(function*() {
      const g = F.group({ seats: 1_000, members: 1 })
      const u = F.user()
      const i = F.invoice(g.id)
      const s = F.session(u.id)
      yield* tx.groups.insert(g)
      yield* tx.users.insert(u)
      yield* tx.memberships.insert(F.membership(u.id, g.id))
      yield* tx.invoices.insert(i)
      yield* tx.sessions.insert(s)
      return { groupId: g.id, userId: u.id, invoiceId: i.id, sessionId: s.id } satisfies Seed
    })
  )

const writes = {
  insertUser: () => (tx) => tx.users.insert(F.user()),
  renameUser: (seed) => (tx) =>
    Effect.flatMap(tx.users.get(seed.userId), (u) => tx.users.update({ ...some(u), lastName: F.name("Petrova") })),
  insertGroup: () => (tx) => tx.groups.insert(F.group()),
  bumpMembers: (seed) => (tx) =>
    Effect.flatMap(tx.groups.get(seed.groupId, { lock: true }), (g) =>
      tx.groups.update({ ...some(g), members: some(g).members + 1 })),
  join: (seed) => (tx) => {
    const u = F.user()
    return Effect.andThen(tx.users.insert(u), tx.memberships.insert(F.membership(u.id, seed.groupId)))
  },
  leave: (seed) => (tx) => tx.memberships.delete(seed.userId),
  insertInvoice: (seed) => (tx) => tx.invoices.insert(F.invoice(seed.groupId)),
  payInvoice: (seed) => (tx) =>
    Effect.flatMap(tx.invoices.get(seed.invoiceId), (i) =>
      tx.invoices.update({ ...some(i), status: "paid", paidAt: F.at(1_700_000_500_000) })),
  insertPayment: (seed) => (tx) =>
    Effect.flatMap(tx.invoices.get(seed.invoiceId), (i) => tx.payments.insert(F.payment(some(i)))),
  claim: (seed) => (tx) =>
    tx.chargeClaims.put({ invoiceId: seed.invoiceId, chargeKey: "k", paymentMethod: "tok_visa", claimedAt: F.at() }),
  remember: (seed) => (tx) =>
    tx.idempotency.put({
      accountId: seed.userId,
      key: "key-1",
      fingerprint: "f",
      outcome: null,
      createdAt: F.at(),
      expiresAt: F.at(1_800_000_000_000)
    }),
  signIn: (seed) => (tx) => tx.sessions.insert(F.session(seed.userId)),
  signOut: (seed) => (tx) => tx.sessions.delete(seed.sessionId),
  signOutOthers: (seed) => (tx) => tx.sessions.deleteAllBut(seed.userId, F.id()),
  event: (seed) => (tx) => tx.outbox.append([F.event(seed.groupId), F.event(null)]),
  audit: (seed) => (tx) => tx.audit.append([F.auditEntry(seed.groupId)])
} satisfies Record<string, (seed: Seed) => (tx: Tx) => Effect.Effect<void>>

type WriteName = keyof typeof writes
const writeNames = Object.keys(writes) as Array<WriteName>

const runWrites = (tx: Tx, s: Seed, names: ReadonlyArray<WriteName>) =>
  Effect.forEach(names, (name) => writes[name](s)(tx), { discard: true })

class Boom {
  readonly _tag = "Boom"
}

describe("MemoryStore transactions", () => {
  it("R50: any sequence of writes followed by a failure, a defect or an interruption leaves the state unchanged", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...writeNames), { maxLength: 25 }),
        fc.constantFrom("fail", "die", "interrupt"),
        (names, ending) =>
          runProperty(Effect.gen(function*() {
            const { inspector, store } = yield* makeMemoryStore
            const s = yield* seedStore(store)
            const before = yield* inspector.snapshot
            if (ending === "interrupt") {
              const reached = yield* Deferred.make<void>()
              const fiber = yield* Effect.forkChild(
                store.transaction((tx) => runWrites(tx, s, names).pipe(Effect.andThen(Deferred.succeed(reached, undefined)), Effect.andThen(Effect.never)))
              )
              yield* Deferred.await(reached)
              yield* Fiber.interrupt(fiber)
            } else {
              const exit = yield* Effect.exit(store.transaction((tx) =>
                runWrites(tx, s, names).pipe(Effect.andThen(ending === "fail" ? Effect.fail(new Boom()) : Effect.die("boom")))
              ))
              assert.isTrue(Exit.isFailure(exit))
            }
            assert.deepStrictEqual(yield* inspector.snapshot, before)
          }))
      ),
      { numRuns: 200 }
    ))

  it("R50: the same sequences commit every write when the transaction succeeds", () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...writeNames), { minLength: 1, maxLength: 25 }), (names) =>
        runProperty(Effect.gen(function*() {
          const { inspector, store } = yield* makeMemoryStore
          const s = yield* seedStore(store)
          const before = yield* inspector.snapshot
          yield* store.transaction((tx) => runWrites(tx, s, names))
          const after = yield* inspector.snapshot
          const events = names.filter((n) => n === "event").length * 2
          assert.strictEqual(after.outbox.length, before.outbox.length + events)
          assert.strictEqual(after.users.length, before.users.length + names.filter((n) => n === "insertUser" || n === "join").length)
        }))),
      { numRuns: 100 }
    ))

  it.effect("R11: 100 concurrent read-then-increment transactions lose no update", () =>
    Effect.gen(function*() {
      const { store } = yield* makeMemoryStore
      const g = F.group({ seats: 100 })
      yield* store.transaction((tx) => tx.groups.insert(g))
      yield* Effect.forEach(
        Array.from({ length: 100 }),
        () =>
          store.transaction((tx) =>
            Effect.gen(function*() {
              const current = some(yield* tx.groups.get(g.id, { lock: true }))
              // Let every other fiber run between the read and the write.
              yield* Effect.yieldNow
              yield* tx.groups.update({ ...current, members: current.members + 1 })
            })
          ),
        { concurrency: "unbounded", discard: true }
      )
      const after = yield* store.transaction((tx) => tx.groups.get(g.id))
      assert.strictEqual(some(after).members, 100)
    }))

  it.effect("R11: 150 concurrent checked joins against 100 seats: exactly 100 land", () =>
    Effect.gen(function*() {
      const { inspector, store } = yield* makeMemoryStore
      const g = F.group({ seats: 100 })
      yield* store.transaction((tx) => tx.groups.insert(g))
      const results = yield* Effect.forEach(
        Array.from({ length: 150 }),
        () =>
          store.transaction((tx) =>
            Effect.gen(function*() {
              const current = some(yield* tx.groups.get(g.id, { lock: true }))
              yield* Effect.yieldNow
              if (current.members >= current.seats) return false
              const u = F.user()
              yield* tx.users.insert(u)
              yield* tx.memberships.insert(F.membership(u.id, g.id))
              yield* tx.groups.update({ ...current, members: current.members + 1 })
              return true
            })
          ),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(results.filter(Boolean).length, 100)
      const snapshot = yield* inspector.snapshot
      assert.strictEqual(snapshot.memberships.length, 100)
      assert.strictEqual(snapshot.groups[0]!.members, 100)
    }))

  it.effect("an interrupted transaction writes nothing and frees the store for the next one", () =>
    Effect.gen(function*() {
      const { inspector, store } = yield* makeMemoryStore
      const started = yield* Deferred.make<void>()
      const fiber = yield* Effect.forkChild(store.transaction((tx) =>
        tx.users.insert(F.user()).pipe(Effect.andThen(Deferred.succeed(started, undefined)), Effect.andThen(Effect.never))
      ))
      yield* Deferred.await(started)
      // Queued behind the interrupted one: it must still run.
      const queued = yield* Effect.forkChild(store.transaction((tx) => tx.groups.insert(F.group())))
      yield* Fiber.interrupt(fiber)
      yield* Fiber.join(queued)
      const snapshot = yield* inspector.snapshot
      assert.strictEqual(snapshot.users.length, 0)
      assert.strictEqual(snapshot.groups.length, 1)
    }))

  it.effect("a transaction sees its own writes, and others see them only after commit", () =>
    Effect.gen(function*() {
      const { inspector, store } = yield* makeMemoryStore
      const u = F.user()
      yield* store.transaction((tx) =>
        Effect.gen(function*() {
          yield* tx.users.insert(u)
          assert.isTrue(Option.isSome(yield* tx.users.get(u.id)))
          assert.isTrue(Option.isSome(yield* tx.accounts.findByEmail(u.email)))
          assert.strictEqual((yield* inspector.snapshot).users.length, 0)
        })
      )
      assert.strictEqual((yield* inspector.snapshot).users.length, 1)
    }))

  it.effect("a nested transaction on the same store is a defect, not a deadlock", () =>
    Effect.gen(function*() {
      const { store } = yield* makeMemoryStore
      const exit = yield* Effect.exit(store.transaction(() => store.transaction(() => Effect.void)))
      assert.match(String(defectOf(exit)), /nested transaction/)
    }))

  it.effect("a Tx used after its transaction ended is a defect", () =>
    Effect.gen(function*() {
      const { inspector, store } = yield* makeMemoryStore
      const leaked = yield* store.transaction((tx) => Effect.succeed(tx))
      const exit = yield* Effect.exit(leaked.users.insert(F.user()))
      assert.match(String(defectOf(exit)), /already ended/)
      assert.strictEqual((yield* inspector.snapshot).users.length, 0)
    }))

  it.effect("a simulated lost commit is Unavailable with nothing written", () =>
    Effect.gen(function*() {
      const { faults, inspector, store } = yield* makeMemoryStore
      yield* faults.failNextCommits(1)
      const exit = yield* Effect.exit(store.transaction((tx) => tx.users.insert(F.user())))
      assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(exit))?._tag, "unavailable")
      assert.strictEqual((yield* inspector.snapshot).users.length, 0)
      yield* store.transaction((tx) => tx.users.insert(F.user()))
      assert.strictEqual((yield* inspector.snapshot).users.length, 1)
    }))

  it.effect("a simulated retry runs the function again on fresh state and commits once", () =>
    Effect.gen(function*() {
      const { faults, inspector, store } = yield* makeMemoryStore
      yield* faults.retryNextTransactions(1)
      let runs = 0
      const u = F.user()
      yield* store.transaction((tx) => Effect.suspend(() => (runs++, tx.users.insert(u))))
      assert.strictEqual(runs, 2)
      assert.strictEqual((yield* inspector.snapshot).users.length, 1)
    }))
})

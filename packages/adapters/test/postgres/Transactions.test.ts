/**
 * The store's transaction as the domain relies on it: all-or-nothing (R50:
 * events commit with their change or not at all), no lost update under
 * concurrency (R11), rolled back on interruption, and a bounded run again on
 * a conflict, after which the domain answers with its own error.
 */
import { assert, describe, layer } from "@effect/vitest"
import { registerUser, type Tx } from "@corporate-groups/domain"
import { Deferred, Effect, Exit, Fiber } from "effect"
import { ConstraintViolation } from "../../src/memory/ConstraintViolation.js"
import { PostgresAdapters } from "../../src/postgres/PostgresAdapters.js"
import { makePostgresInspector } from "../../src/postgres/PostgresInspector.js"
import { DEFAULT_MAX_ATTEMPTS, PostgresStore } from "../../src/postgres/PostgresStore.js"
import { SqlFailure } from "../../src/postgres/SqlFailure.js"
import * as F from "../fixtures.js"
import { defectOf, some } from "../support.js"
import { fresh, testDatabases } from "./Databases.js"

/** What a statement dies with when the server reports `code`. */
const serverError = (code: string) => new SqlFailure("test", Object.assign(new Error(`server says ${code}`), { code }))

const writeEverything = (tx: Tx) =>
  Effect.gen(function*() {
    const g = F.group()
    const u = F.user()
    yield* tx.groups.insert(g)
    yield* tx.users.insert(u)
    yield* tx.memberships.insert(F.membership(u.id, g.id))
    yield* tx.invoices.insert(F.invoice(g.id))
    yield* tx.sessions.insert(F.session(u.id))
    yield* tx.outbox.append([F.event(g.id)])
    yield* tx.audit.append([F.auditEntry(g.id)])
  })

const nothingCommitted = Effect.gen(function*() {
  const s = yield* (yield* makePostgresInspector).snapshot
  return [s.groups, s.users, s.memberships, s.invoices, s.sessions, s.outbox, s.audit].every((rows) => rows.length === 0)
})

describe.each(testDatabases)("Postgres transactions on $name", (database) => {
  layer(database.layer, { excludeTestServices: true, timeout: 60_000 })((it) => {
    it.effect("R50: a failing transaction leaves nothing, whether it fails, dies or is interrupted", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const failed = yield* Effect.exit(store.transaction((tx) => Effect.andThen(writeEverything(tx), Effect.fail("no"))))
        assert.deepStrictEqual(failed, Exit.fail("no"))
        const died = yield* Effect.exit(store.transaction((tx) => Effect.andThen(writeEverything(tx), Effect.die("bug"))))
        assert.strictEqual(defectOf(died), "bug")
        const written = yield* Deferred.make<void>()
        const fiber = yield* Effect.forkChild(store.transaction((tx) =>
          Effect.andThen(writeEverything(tx), Effect.andThen(Deferred.succeed(written, undefined), Effect.never))
        ))
        yield* Deferred.await(written)
        yield* Fiber.interrupt(fiber)
        assert.isTrue(yield* nothingCommitted)
        // The connection went back clean: the next transaction commits.
        yield* store.transaction(writeEverything)
        assert.isFalse(yield* nothingCommitted)
      }), 60_000)

    it.effect("a nested transaction on the same store is a defect, not a deadlock", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const exit = yield* Effect.exit(store.transaction(() => store.transaction(() => Effect.void)))
        assert.match(String(defectOf(exit)), /nested transaction/)
      }), 60_000)

    it.effect("a serialization failure or deadlock runs the transaction again, at most the bound, then is unavailable", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        let runs = 0
        const flaky = (failures: number, code: string) => (tx: Tx) =>
          Effect.gen(function*() {
            runs++
            yield* tx.groups.insert(F.group())
            if (runs <= failures) return yield* Effect.die(serverError(code))
            return runs
          })
        assert.strictEqual(yield* store.transaction(flaky(3, "40001")), 4)
        runs = 0
        assert.strictEqual(yield* store.transaction(flaky(2, "40P01")), 3)
        // Only the last run's group was kept.
        assert.strictEqual((yield* (yield* makePostgresInspector).snapshot).groups.length, 2)
        runs = 0
        const exhausted = yield* Effect.flip(store.transaction(flaky(1_000, "40001")))
        assert.strictEqual(exhausted._tag, "unavailable")
        assert.strictEqual(runs, DEFAULT_MAX_ATTEMPTS)
        runs = 0
        const duplicate = yield* Effect.exit(store.transaction(flaky(1_000, "23505")))
        assert.instanceOf(defectOf(duplicate), ConstraintViolation)
        assert.strictEqual(runs, 3)
        runs = 0
        const check = yield* Effect.exit(store.transaction(flaky(1_000, "23514")))
        assert.instanceOf(defectOf(check), ConstraintViolation)
        assert.strictEqual(runs, 1)
      }), 60_000)

    it.effect("R11: concurrent read-then-write transactions on a locked row lose no update", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const g = F.group({ seats: 100 })
        yield* store.transaction((tx) => tx.groups.insert(g))
        yield* Effect.all(Array.from({ length: 40 }, () =>
          store.transaction((tx) =>
            Effect.flatMap(tx.groups.get(g.id, { lock: true }), (found) =>
              tx.groups.update({ ...some(found), members: some(found).members + 1 })))
        ), { concurrency: "unbounded", discard: true })
        const after = yield* store.transaction((tx) => tx.groups.get(g.id))
        assert.strictEqual(some(after).members, 40)
      }), 60_000)

    it.effect("R2: racing registrations with one email: one succeeds, the others are email-taken, nothing else", () =>
      Effect.gen(function*() {
        yield* fresh
        const outcomes = yield* Effect.all(
          Array.from({ length: 8 }, (_, i) =>
            registerUser({
              trueconfId: `racer${i}`,
              email: "same@example.com",
              password: "a long enough passphrase",
              passwordConfirmation: "a long enough passphrase",
              firstName: "Ann",
              lastName: "Doe",
              country: "de"
            }, { address: `192.0.2.${i}` }).pipe(
              Effect.match({ onFailure: (e) => e._tag, onSuccess: () => "ok" })
            )),
          { concurrency: "unbounded" }
        )
        assert.deepStrictEqual(outcomes.toSorted(), ["email-taken", "email-taken", "email-taken", "email-taken", "email-taken", "email-taken", "email-taken", "ok"])
        const snapshot = yield* (yield* makePostgresInspector).snapshot
        assert.strictEqual(snapshot.users.length, 1)
      }).pipe(Effect.provide(PostgresAdapters.layerOver({ fastHashing: true }))), 60_000)
  })
})

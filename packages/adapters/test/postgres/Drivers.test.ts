/**
 * The two drivers as a host uses them: PGlite keeps its data in a folder
 * across restarts; a server pool smaller than the burst of transactions
 * queues them (in order, interruptibly) instead of timing them out while
 * they wait for a connection, and a transaction that only reads takes no
 * connection of the pool, so it never waits in that queue.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber } from "effect"
import { makePostgresDatabase, PostgresDatabase } from "../../src/postgres/PostgresDatabase.js"
import { PostgresStore } from "../../src/postgres/PostgresStore.js"
import { scratchDatabase } from "../../src/postgres/ScratchDatabase.js"
import * as F from "../fixtures.js"
import { some } from "../support.js"

const serverUrl = process.env["DATABASE_URL"]

const storeOver = (database: PostgresDatabase["Service"]) => PostgresStore.make().pipe(Effect.provideService(PostgresDatabase, database))

/**
 * A store over a scratch database on the server with a pool of one connection, a group
 * in it, and a transaction holding that connection (the group locked) until `letGo`,
 * which also waits for that transaction to end. Forked in the test's scope.
 */
const oneConnectionHeld = (seats: number) =>
  Effect.gen(function*() {
    const url = yield* scratchDatabase(serverUrl!)
    const database = yield* makePostgresDatabase({ driver: "postgres", url, poolSize: 1 })
    const store = yield* storeOver(database)
    const g = F.group({ seats })
    yield* store.transaction((tx) => tx.groups.insert(g))
    const holding = yield* Deferred.make<void>()
    const released = yield* Deferred.make<void>()
    const holder = yield* Effect.forkScoped(store.transaction((tx) =>
      Effect.andThen(tx.groups.get(g.id, { lock: true }), Effect.andThen(Deferred.succeed(holding, undefined), Deferred.await(released)))))
    yield* Deferred.await(holding)
    return { store, g, letGo: Effect.andThen(Deferred.succeed(released, undefined), Fiber.join(holder)) }
  })

describe("Postgres drivers", () => {
  it.live("PGlite in a folder keeps what was committed when it is opened again", () =>
    Effect.gen(function*() {
      const dataDir = mkdtempSync(join(tmpdir(), "cg-pglite-"))
      const g = F.group()
      try {
        yield* Effect.scoped(Effect.flatMap(makePostgresDatabase({ driver: "pglite", dataDir }), (database) =>
          Effect.flatMap(storeOver(database), (store) => store.transaction((tx) => tx.groups.insert(g)))))
        const found = yield* Effect.scoped(Effect.flatMap(makePostgresDatabase({ driver: "pglite", dataDir }), (database) =>
          Effect.flatMap(storeOver(database), (store) => store.transaction((tx) => tx.groups.get(g.id)))))
        assert.strictEqual(some(found).id, g.id)
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    }), 60_000)

  it.live.skipIf(serverUrl === undefined)("a burst larger than the pool waits its turn instead of timing out", () =>
    Effect.scoped(Effect.gen(function*() {
      const url = yield* scratchDatabase(serverUrl!)
      const database = yield* makePostgresDatabase({ driver: "postgres", url, poolSize: 2, connectTimeout: "200 millis" })
      const store = yield* storeOver(database)
      const g = F.group({ seats: 100 })
      yield* store.transaction((tx) => tx.groups.insert(g))
      // 20 transactions holding a connection 50 ms each through 2 connections: 500 ms of queue, beyond the connect timeout.
      yield* Effect.all(Array.from({ length: 20 }, () =>
        store.transaction((tx) =>
          Effect.flatMap(tx.groups.get(g.id, { lock: true }), (found) =>
            Effect.andThen(Effect.sleep("50 millis"), tx.groups.update({ ...some(found), members: some(found).members + 1 }))))
      ), { concurrency: "unbounded", discard: true })
      assert.strictEqual(some(yield* store.transaction((tx) => tx.groups.get(g.id))).members, 20)
    })), 60_000)

  it.live.skipIf(serverUrl === undefined)("a transaction that only reads does not wait for the pool's connections", () =>
    Effect.scoped(Effect.gen(function*() {
      // The pool's one connection, held until the read below has been answered.
      const { g, letGo, store } = yield* oneConnectionHeld(10)
      const read = yield* store.transaction((tx) => tx.groups.get(g.id)).pipe(Effect.timeout("5 seconds"))
      assert.strictEqual(some(read).id, g.id)
      yield* letGo
    })), 60_000)

  it.live.skipIf(serverUrl === undefined)("a transaction interrupted while it waits for a connection gives up its place and holds none", () =>
    Effect.scoped(Effect.gen(function*() {
      const { g, letGo, store } = yield* oneConnectionHeld(100)
      const raise = store.transaction((tx) =>
        Effect.flatMap(tx.groups.get(g.id, { lock: true }), (found) => tx.groups.update({ ...some(found), members: some(found).members + 1 })))
      // Both wait for the one connection; the first of them is interrupted while it waits.
      const interrupted = yield* Effect.forkChild(raise)
      const after = yield* Effect.forkChild(raise)
      yield* Effect.sleep("50 millis")
      // At once: it leaves the queue, with nothing to roll back on a connection it never got.
      yield* Fiber.interrupt(interrupted).pipe(Effect.timeout("5 seconds"))
      yield* letGo
      yield* Fiber.join(after).pipe(Effect.timeout("5 seconds"))
      // Had the interrupted one kept a permit, these would wait forever.
      yield* Effect.all([raise, raise], { discard: true }).pipe(Effect.timeout("5 seconds"))
      assert.strictEqual(some(yield* store.transaction((tx) => tx.groups.get(g.id))).members, 3)
    })), 60_000)
})

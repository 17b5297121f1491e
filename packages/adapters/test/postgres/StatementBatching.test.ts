/**
 * Which statements the Postgres store sends for a transaction (TxContext.ts):
 * plain reads before BEGIN, BEGIN only before a locking read or a write that
 * is not the transaction's one and only statement, writes queued until the
 * next read or the commit and sent as one statement of data-modifying CTEs
 * (split when a table repeats), `exactlyOne` checked inside that statement,
 * and, on a server, named prepared statements. The statements are observed
 * through a recording wrapper around the store's connections; what they
 * commit through the inspector, so a batching that saves round trips but
 * keeps the wrong rows fails here too (R10, R11, R16, R50, R51).
 */
import { assert, describe, layer } from "@effect/vitest"
import {
  type Group,
  type GroupId,
  type Invoice,
  type InvoiceId,
  memberKey,
  type Membership,
  type StoreService,
  type Tx,
  type User,
  type UserId
} from "@corporate-groups/domain"
import { Cause, Deferred, Effect, Exit, Fiber, Option } from "effect"
import * as fc from "fast-check"
import { ConstraintViolation } from "../../src/memory/ConstraintViolation.js"
import { makeMemoryStore } from "../../src/memory/MemoryStore.js"
import type { MemoryStoreSnapshot } from "../../src/memory/MemoryStoreInspector.js"
import { PostgresDatabase } from "../../src/postgres/PostgresDatabase.js"
import { makePostgresInspector } from "../../src/postgres/PostgresInspector.js"
import { PostgresStore } from "../../src/postgres/PostgresStore.js"
import type { SqlConnection, SqlConnections } from "../../src/postgres/SqlConnections.js"
import * as F from "../fixtures.js"
import { defectOf, some, violatedConstraint } from "../support.js"
import { fresh, testDatabases } from "./Databases.js"

interface Sent {
  /** Which round trip carried it: statements of one pipeline share it. */
  readonly trip: number
  readonly text: string
  readonly values: ReadonlyArray<unknown>
}

/**
 * The database in context with its connections wrapped: every statement the
 * store sends is recorded, and the raw connections are kept (in the order
 * they were handed out) for the tests that look at a session's own state.
 */
const recording = (database: PostgresDatabase["Service"]) => {
  const sent: Array<Sent> = []
  const acquired: Array<SqlConnection> = []
  let trips = 0
  const sql: SqlConnections = {
    ...database.sql,
    // Reads before BEGIN run on their own, on the shared lines (TxContext.ts).
    autocommit: (text, values) => {
      sent.push({ trip: trips++, text, values })
      return database.sql.autocommit(text, values)
    },
    acquire: async (signal) => {
      const connection = await database.sql.acquire(signal)
      acquired.push(connection)
      return {
        query: (text, values) => {
          sent.push({ trip: trips++, text, values })
          return connection.query(text, values)
        },
        pipeline: (statements) => {
          const trip = trips++
          for (const { text, values } of statements) sent.push({ trip, text, values })
          return connection.pipeline(statements)
        },
        release: (broken) => connection.release(broken)
      }
    }
  }
  return { database: PostgresDatabase.of({ ...database, sql }), sent, acquired }
}

const WRITE = /^(insert into|update|delete from) "(\w+)"/
const CTE = /w\d+ as \((?:insert into|update|delete from) "(\w+)"/g

/** The writes in the property whose count is checked after the statement (`exactlyOne`). */
const COUNTED = /w\d+ as \((update "|insert into "charge_claims")/

const isWrite = (text: string) => text.startsWith("with ") || WRITE.test(text)

/** The tables a `with` statement writes, in order. */
const cteTables = (text: string): Array<string> => [...text.matchAll(CTE)].map((m) => m[1]!)

/**
 * A statement in a few words: `begin`, `insert groups`, `with groups
 * outbox` (the tables of its CTEs), `select users+memberships for share for
 * update` (the tables read and the locks taken).
 */
const shape = (text: string): string => {
  if (text === "begin" || text === "commit" || text === "rollback") return text
  if (text.startsWith("with ")) return `with ${cteTables(text).join(" ")}`
  const write = WRITE.exec(text)
  if (write !== null) return `${write[1]!.split(" ")[0]} ${write[2]}`
  if (text.startsWith("select ")) {
    const tables = [...text.matchAll(/(?:from|join) "(\w+)"/g)].map((m) => m[1])
    const locks = [...text.matchAll(/for (update|share)/g)].map((m) => `for ${m[1]}`)
    return ["select", tables.join("+"), ...locks].join(" ")
  }
  return text
}

/** A store over a recording of `database`, with ways to see what it sent and what it kept. */
const recordedStoreOver = (database: PostgresDatabase["Service"]) => Effect.gen(function*() {
  const recorder = recording(database)
  const store = yield* PostgresStore.make().pipe(Effect.provideService(PostgresDatabase, recorder.database))
  const snapshot = Effect.flatMap(makePostgresInspector, (inspector) => inspector.snapshot).pipe(
    Effect.provideService(PostgresDatabase, database)
  )
  /**
   * Runs `effect` and returns its exit with the shapes of the statements it
   * sent, and the same grouped by round trip (`begin + select groups`).
   */
  const sentBy = <A, E>(effect: Effect.Effect<A, E>) =>
    Effect.gen(function*() {
      const from = recorder.sent.length
      const exit = yield* Effect.exit(effect)
      const mine = recorder.sent.slice(from)
      const trips = [...new Set(mine.map((s) => s.trip))].map((trip) =>
        mine.filter((s) => s.trip === trip).map((s) => shape(s.text)).join(" + ")
      )
      return { exit, shapes: mine.map((s) => shape(s.text)), trips }
    })
  /** Commits `f` (setup the test does not look at). */
  const setup = <A>(f: (tx: Tx) => Effect.Effect<A>) => store.transaction(f)
  return { database, recorder, store, snapshot, sentBy, setup }
})

/** A store over a recording of the (emptied) database in context. */
const recordedStore = Effect.gen(function*() {
  yield* fresh
  return yield* recordedStoreOver(yield* PostgresDatabase)
})

/** The sort keys a membership row carries (R16), read straight from the table. */
const sortKeys = (userId: UserId) =>
  Effect.gen(function*() {
    const { db, gate } = yield* PostgresDatabase
    const row = yield* gate(Effect.promise(() =>
      db.selectFrom("memberships").select(["sort_last", "sort_first"]).where("user_id", "=", userId).executeTakeFirstOrThrow()
    ))
    return { lastName: row.sort_last, firstName: row.sort_first, id: userId }
  })

describe.each(testDatabases)("statements the Postgres store sends, on $name", (database) => {
  layer(database.layer, { excludeTestServices: true, timeout: 60_000 })((it) => {
    it.effect("a read-only transaction sends its reads and nothing else: no BEGIN, no COMMIT, no connection of the pool", () =>
      Effect.gen(function*() {
        const { recorder, sentBy, setup, store } = yield* recordedStore
        const g = F.group()
        const s = F.session(F.user().id)
        yield* setup((tx) => Effect.andThen(tx.groups.insert(g), tx.sessions.insert(s)))
        const taken = recorder.acquired.length
        const { exit, shapes } = yield* sentBy(store.transaction((tx) =>
          Effect.all([tx.sessions.findByTokenHash(s.tokenHash), tx.groups.get(g.id)])
        ))
        assert.deepStrictEqual(shapes, ["select sessions", "select groups"])
        assert.strictEqual(recorder.acquired.length, taken, "a read-only transaction took a connection of the pool")
        assert.deepStrictEqual(exit, Exit.succeed([Option.some(s), Option.some(g)]))
      }), 60_000)

    it.effect("R11, R16, R50, R51: a join is BEGIN with the group for update and membership+names, ONE write statement, COMMIT", () =>
      Effect.gen(function*() {
        const { sentBy, setup, snapshot, store } = yield* recordedStore
        const g = F.group({ seats: 3 })
        // Names whose fold differs from their spelling, so the sort keys show they were folded.
        const u = F.user({ firstName: F.name("ÉMILE"), lastName: F.name("Ärzte-Straße") })
        yield* setup((tx) => Effect.andThen(tx.groups.insert(g), tx.users.insert(u)))
        const joined = F.membership(u.id, g.id)
        const event = F.event(g.id)
        const entry = F.auditEntry(g.id)
        const { exit, shapes, trips } = yield* sentBy(store.transaction((tx) =>
          Effect.gen(function*() {
            // Asked for at once, as the domain's redemption does (Redeem.ts).
            const [found, membership] = yield* Effect.all([
              tx.groups.findByCodeHash(g.code.lookupHash, { lock: true }),
              tx.memberships.findByUser(u.id, { lock: true })
            ], { concurrency: "unbounded" })
            const group = some(found)
            assert.isTrue(Option.isNone(membership))
            yield* tx.groups.update({ ...group, members: group.members + 1 })
            yield* tx.memberships.insert(joined)
            yield* tx.outbox.append([event])
            yield* tx.audit.append([entry])
          })
        ))
        assert.isTrue(Exit.isSuccess(exit))
        assert.deepStrictEqual(shapes, [
          "begin",
          "select groups for update",
          "select users+memberships for share for update",
          "with groups memberships outbox audit",
          "commit"
        ])
        // Two round trips: BEGIN travels with the locking reads asked for together, in the
        // order asked (the group's lock first), COMMIT with the writes (the group's row is
        // locked, so its update needs no count check first).
        assert.deepStrictEqual(trips, [
          "begin + select groups for update + select users+memberships for share for update",
          "with groups memberships outbox audit + commit"
        ])
        const state = yield* snapshot
        assert.deepStrictEqual(state.groups, [{ ...g, members: 1 }])
        assert.deepStrictEqual(state.memberships, [joined])
        assert.deepStrictEqual(state.outbox, [event])
        assert.deepStrictEqual(state.audit.map((r) => r.item), [entry])
        const keys = yield* sortKeys(u.id)
        assert.deepStrictEqual(keys, memberKey(u))
        assert.deepStrictEqual(keys, { lastName: "ärzte-strasse", firstName: "émile", id: u.id })
      }), 60_000)

    it.effect("a lone write is one statement; writes to two tables one `with`; no BEGIN or COMMIT for either", () =>
      Effect.gen(function*() {
        const { sentBy, snapshot, store } = yield* recordedStore
        const g = F.group()
        const lone = yield* sentBy(store.transaction((tx) => tx.groups.insert(g)))
        assert.deepStrictEqual(lone.shapes, ["insert groups"])
        const h = F.group()
        const event = F.event(h.id)
        const two = yield* sentBy(store.transaction((tx) => Effect.andThen(tx.groups.insert(h), tx.outbox.append([event]))))
        assert.deepStrictEqual(two.shapes, ["with groups outbox"])
        const state = yield* snapshot
        assert.deepStrictEqual(state.groups.map((x) => x.id), [g.id, h.id])
        assert.deepStrictEqual(state.outbox, [event])
      }), 60_000)

    it.effect("writes to one table twice go in two statements, inside BEGIN and COMMIT, and both commit", () =>
      Effect.gen(function*() {
        const { sentBy, snapshot, store } = yield* recordedStore
        const g = F.group()
        const h = F.group()
        const e1 = F.event(g.id)
        const e2 = F.event(h.id)
        const { exit, shapes } = yield* sentBy(store.transaction((tx) =>
          Effect.all([tx.groups.insert(g), tx.outbox.append([e1]), tx.groups.insert(h), tx.outbox.append([e2])], { discard: true })
        ))
        assert.isTrue(Exit.isSuccess(exit))
        assert.deepStrictEqual(shapes, ["begin", "with groups outbox", "with groups outbox", "commit"])
        const state = yield* snapshot
        assert.deepStrictEqual(state.groups.map((x) => x.id), [g.id, h.id])
        assert.deepStrictEqual(state.outbox, [e1, e2])
        const same = yield* sentBy(store.transaction((tx) => Effect.andThen(tx.groups.insert(F.group()), tx.groups.insert(F.group()))))
        assert.deepStrictEqual(same.shapes, ["begin", "insert groups", "insert groups", "commit"])
        assert.strictEqual((yield* snapshot).groups.length, 4)
      }), 60_000)

    it.effect("R50: a transaction reads its own writes (flushed first); failing after that leaves nothing", () =>
      Effect.gen(function*() {
        const { sentBy, snapshot, store } = yield* recordedStore
        const g = F.group()
        const seen = yield* sentBy(store.transaction((tx) => Effect.andThen(tx.groups.insert(g), tx.groups.get(g.id))))
        assert.deepStrictEqual(seen.shapes, ["begin", "insert groups", "select groups", "commit"])
        assert.deepStrictEqual(seen.exit, Exit.succeed(Option.some(g)))
        const h = F.group()
        const failed = yield* sentBy(store.transaction((tx) =>
          Effect.gen(function*() {
            yield* tx.groups.insert(h)
            yield* tx.outbox.append([F.event(h.id)])
            assert.deepStrictEqual(yield* tx.groups.get(h.id), Option.some(h))
            return yield* Effect.fail("no")
          })
        ))
        assert.deepStrictEqual(failed.exit, Exit.fail("no"))
        assert.deepStrictEqual(failed.shapes, ["begin", "with groups outbox", "select groups", "rollback"])
        // Writes that never had to be sent are not sent at all.
        const unsent = yield* sentBy(store.transaction((tx) => Effect.andThen(tx.groups.insert(F.group()), Effect.fail("no"))))
        assert.deepStrictEqual(unsent.shapes, [])
        const state = yield* snapshot
        assert.deepStrictEqual(state.groups, [g])
        assert.deepStrictEqual(state.outbox, [])
      }), 60_000)

    it.effect("exactlyOne inside a combined statement: the update of a missing group dies on groups_pkey, nothing kept", () =>
      Effect.gen(function*() {
        const { sentBy, setup, snapshot, store } = yield* recordedStore
        const g = F.group()
        yield* setup((tx) => tx.groups.insert(g))
        const missing = F.group()
        // A lone update changed nothing when it changed no row: it may go without BEGIN.
        const lone = yield* sentBy(store.transaction((tx) => tx.groups.update(missing)))
        assert.strictEqual(violatedConstraint(lone.exit), "groups_pkey")
        assert.deepStrictEqual(lone.shapes, ["update groups"])
        // Combined with another write, the statement is the whole transaction, but its count is
        // checked after it ran: it needs BEGIN, so that the death rolls the outbox row back.
        const alone = yield* sentBy(store.transaction((tx) =>
          Effect.andThen(tx.groups.update(missing), tx.outbox.append([F.event(g.id)]))
        ))
        assert.strictEqual(violatedConstraint(alone.exit), "groups_pkey")
        assert.deepStrictEqual(alone.shapes, ["begin", "with groups outbox", "rollback"])
        assert.deepStrictEqual((yield* snapshot).outbox, [], "the outbox row of a transaction that died was kept")
        // After a lock: BEGIN was sent, and the rollback undoes the statement.
        const locked = yield* sentBy(store.transaction((tx) =>
          Effect.gen(function*() {
            yield* tx.groups.get(g.id, { lock: true })
            yield* tx.groups.update(missing)
            yield* tx.audit.append([F.auditEntry(g.id)])
          })
        ))
        assert.strictEqual(violatedConstraint(locked.exit), "groups_pkey")
        assert.deepStrictEqual(locked.shapes, ["begin", "select groups for update", "with groups audit", "rollback"])
        const state = yield* snapshot
        assert.deepStrictEqual([state.groups, state.outbox, state.audit], [[g], [], []])
      }), 60_000)

    it.effect("foreign keys: a parent in the same statement satisfies one; a missing parent is a defect, nothing kept", () =>
      Effect.gen(function*() {
        const { sentBy, snapshot, store } = yield* recordedStore
        const g = F.group()
        const admin = F.admin(g.id)
        const u = F.user()
        const membership = F.membership(u.id, g.id)
        const parents = yield* sentBy(store.transaction((tx) =>
          Effect.all([tx.groups.insert(g), tx.users.insert(u), tx.memberships.insert(membership)], { discard: true })
        ))
        assert.isTrue(Exit.isSuccess(parents.exit))
        assert.deepStrictEqual(parents.shapes, ["with groups account_emails users memberships"])
        const withAdmin = yield* sentBy(store.transaction((tx) => {
          const h = F.group()
          return Effect.andThen(tx.groups.insert(h), tx.admins.insert(F.admin(h.id)))
        }))
        assert.deepStrictEqual(withAdmin.shapes, ["with groups account_emails admins"])
        yield* store.transaction((tx) => tx.admins.insert(admin))
        const v = F.user()
        const orphan = yield* sentBy(store.transaction((tx) =>
          Effect.andThen(tx.users.insert(v), tx.memberships.insert(F.membership(v.id, F.id<GroupId>())))
        ))
        assert.strictEqual(violatedConstraint(orphan.exit), "memberships_group_id_fkey")
        assert.deepStrictEqual(orphan.shapes, ["with account_emails users memberships"])
        const state = yield* snapshot
        assert.deepStrictEqual(state.users.map((x) => x.id), [u.id])
        assert.deepStrictEqual(state.memberships, [membership])
        assert.strictEqual(state.groups.length, 2)
        assert.strictEqual(state.admins.length, 2)
      }), 60_000)

    it.effect("R44: a charge claim for an invoice inserted in the same transaction (and statement) is kept", () =>
      Effect.gen(function*() {
        const { sentBy, setup, snapshot, store } = yield* recordedStore
        const g = F.group()
        yield* setup((tx) => tx.groups.insert(g))
        const invoice = F.invoice(g.id)
        const claim = { invoiceId: invoice.id, chargeKey: "charge-1", paymentMethod: "tok_visa", claimedAt: F.at() }
        const { exit, shapes } = yield* sentBy(store.transaction((tx) => Effect.andThen(tx.invoices.insert(invoice), tx.chargeClaims.put(claim))))
        assert.isUndefined(defectOf(exit), "the claim did not see the invoice written before it")
        // The claim reads its invoice, so it goes after it, in a statement of its own.
        assert.deepStrictEqual(shapes, ["begin", "insert invoices", "insert charge_claims", "commit"])
        const state = yield* snapshot
        assert.deepStrictEqual(state.invoices.map((r) => r.item), [invoice])
        assert.deepStrictEqual(state.chargeClaims, [claim])
      }), 60_000)

    it.effect("R2: a unique key taken inside a combined statement runs the transaction again; taken every time, a defect", () =>
      Effect.gen(function*() {
        const { sentBy, setup, snapshot, store } = yield* recordedStore
        const u = F.user()
        yield* setup((tx) => tx.users.insert(u))
        // To the store, a row committed before the run is a concurrent commit that took the key.
        let runs = 0
        const retried = yield* sentBy(store.transaction((tx) =>
          Effect.gen(function*() {
            runs++
            if (runs > 1 && Option.isSome(yield* tx.accounts.findByEmail(u.email))) return "email-taken"
            const v = F.user({ email: u.email })
            yield* tx.users.insert(v)
            yield* tx.sessions.insert(F.session(v.id))
            return "registered"
          })
        ))
        assert.deepStrictEqual(retried.exit, Exit.succeed("email-taken"))
        assert.strictEqual(runs, 2)
        assert.deepStrictEqual(retried.shapes, ["with account_emails users sessions", "select account_emails", "select users"])
        runs = 0
        const always = yield* Effect.exit(store.transaction((tx) =>
          Effect.gen(function*() {
            runs++
            yield* tx.groups.get(F.id<GroupId>(), { lock: true })
            yield* tx.users.insert(F.user({ email: u.email }))
            yield* tx.outbox.append([F.event(null)])
          })
        ))
        assert.strictEqual(violatedConstraint(always), "accounts_email_key")
        assert.strictEqual(runs, 3)
        const state = yield* snapshot
        assert.deepStrictEqual([state.users.map((x) => x.id), state.sessions, state.outbox], [[u.id], [], []])
      }), 60_000)

    it.effect.runIf(database.name === "postgres")(
      "a server's statements are named prepared statements, one name per text, the same on every connection",
      () =>
        Effect.scoped(Effect.gen(function*() {
          // A database of its own: the names and the sessions' prepared statements start empty.
          const { recorder, setup, store } = yield* recordedStoreOver(yield* database.open({ poolSize: 2 }))
          const groups = [[F.group(), F.group()], [F.group(), F.group()]] as const
          yield* setup((tx) => Effect.forEach(groups.flat(), tx.groups.insert, { discard: true }))
          const gets = recorder.acquired.length
          const inside = yield* Effect.all([Deferred.make<void>(), Deferred.make<void>()])
          const done = yield* Deferred.make<void>()
          // Two transactions at once, so on two connections (a locking read takes one; plain
          // reads before it would run on the shared lines); each locks two groups of its own
          // with the same text.
          const fibers = yield* Effect.forEach(inside, (signal, i) =>
            Effect.forkChild(store.transaction((tx) =>
              Effect.gen(function*() {
                yield* tx.groups.get(groups[i]![0].id, { lock: true })
                yield* tx.groups.get(groups[i]![1].id, { lock: true })
                yield* Deferred.succeed(signal, undefined)
                yield* Deferred.await(done)
              })
            )))
          yield* Effect.forEach(inside, Deferred.await, { discard: true })
          const text = recorder.sent.at(-1)!.text
          assert.match(text, /^select .* from "groups" where "id" = \$1 for update$/)
          // Both transactions wait with nothing in flight: look at their sessions.
          const sessions = yield* Effect.forEach(recorder.acquired.slice(gets), (connection) =>
            Effect.promise(async () => {
              const pid = (await connection.query("select pg_backend_pid() as pid", [])).rows[0]!["pid"]
              const prepared = await connection.query(
                "select name, statement, (generic_plans + custom_plans)::int as runs from pg_prepared_statements",
                []
              )
              return { pid, prepared: prepared.rows.filter((row) => row["statement"] === text) }
            }))
          yield* Deferred.succeed(done, undefined)
          yield* Effect.forEach(fibers, Fiber.join, { discard: true })
          assert.strictEqual(sessions.length, 2)
          assert.notStrictEqual(sessions[0]!.pid, sessions[1]!.pid)
          for (const session of sessions) {
            assert.strictEqual(session.prepared.length, 1)
            assert.match(String(session.prepared[0]!["name"]), /^cg\d+$/)
            // Prepared once, run twice.
            assert.strictEqual(session.prepared[0]!["runs"], 2)
          }
          assert.strictEqual(sessions[0]!.prepared[0]!["name"], sessions[1]!.prepared[0]!["name"])
        })),
      60_000
    )

    it.effect("property: any mix of writes, reads and locks commits what the memory store commits, in few statements", () =>
      Effect.gen(function*() {
        const { recorder, snapshot, store } = yield* recordedStore
        const plans = fc.sample(
          fc.array(
            fc.record({
              ops: fc.array(fc.nat({ max: OPS - 1 }), { minLength: 1, maxLength: 8 }),
              fails: fc.boolean(),
              // Steps asked for at once, in runs of this many (Store.ts: they take effect in order).
              together: fc.integer({ min: 1, max: 3 })
            }),
            { minLength: 1, maxLength: 4 }
          ),
          30
        )
        for (const plan of plans) {
          yield* fresh
          const memory = yield* makeMemoryStore
          const world = makeWorld()
          yield* memory.store.transaction(world.setup)
          yield* store.transaction(world.setup)
          const transactions = plan.map(({ fails, ops, together }) => ({ fails, together, steps: ops.map((op) => world.step(op)) }))
          for (const { fails, steps, together } of transactions) {
            const from = recorder.sent.length
            const expected = yield* runSteps(memory.store, steps, fails, together)
            const actual = yield* runSteps(store, steps, fails, together)
            assert.deepStrictEqual(actual, expected)
            checkStatements(recorder.sent.slice(from).map((s) => s.text))
          }
          assert.deepStrictEqual(normalize(yield* snapshot), normalize(yield* memory.inspector.snapshot))
        }
      }), 120_000)
  })
})

// The property's world: two groups committed first, then transactions of random steps.

const OPS = 12

/** A step writes (returning nothing) or reads (returning what it read, for comparison). */
type Step = (tx: Tx) => Effect.Effect<unknown>

const pick = <A>(rows: ReadonlyArray<A>, n: number): A | undefined => rows[n % Math.max(1, rows.length)]

const makeWorld = () => {
  const groups: Array<Group> = [F.group({ seats: 50 }), F.group({ seats: 50 })]
  const users: Array<User> = []
  const invoices: Array<Invoice> = []
  const setup = (tx: Tx) => Effect.forEach(groups, tx.groups.insert, { discard: true })
  let n = 0
  const step = (op: number): Step => {
    n++
    const i = n
    switch (op) {
      case 0: {
        const g = F.group()
        groups.push(g)
        return (tx) => tx.groups.insert(g)
      }
      case 1: {
        const u = F.user({ lastName: F.name(i % 2 === 0 ? "Öst" : "Zed") })
        users.push(u)
        return (tx) => tx.users.insert(u)
      }
      case 2: {
        // A new user who joins the first group at once (R10: one membership per user).
        const u = F.user({ firstName: F.name("ÉVA") })
        users.push(u)
        const membership: Membership = F.membership(u.id, groups[0]!.id)
        return (tx) => Effect.andThen(tx.users.insert(u), tx.memberships.insert(membership))
      }
      case 3: {
        const event = F.event(pick(groups, i)!.id)
        return (tx) => tx.outbox.append([event])
      }
      case 4: {
        const entry = F.auditEntry(groups[i % 2]!.id)
        return (tx) => tx.audit.append([entry])
      }
      case 5: {
        // The group may not exist (yet, or ever): both stores then die on groups_pkey, keeping nothing.
        const g = pick(groups, i)!
        return (tx) => tx.groups.update({ ...g, members: 0, seats: 40 + (i % 10) })
      }
      case 6: {
        const g = pick(groups, i)!
        return (tx) => tx.groups.get(g.id, { lock: i % 3 === 0 })
      }
      case 7: {
        const u = pick(users, i)
        return (tx) => (u === undefined ? Effect.void : tx.users.get(u.id, { lock: i % 2 === 0 }))
      }
      case 8: {
        const s = F.session(pick(users, i)?.id ?? F.id<UserId>())
        return (tx) => tx.sessions.insert(s)
      }
      case 9: {
        const u = pick(users, i)
        return (tx) => (u === undefined ? Effect.void : tx.memberships.findByUser(u.id, { lock: i % 2 === 0 }))
      }
      case 10: {
        const invoice = F.invoice(groups[i % 2]!.id)
        invoices.push(invoice)
        return (tx) => tx.invoices.insert(invoice)
      }
      default: {
        // A claim of an invoice that may be pending in this transaction, committed, or missing.
        const invoice = invoices.at(-1)
        const claim = { invoiceId: invoice?.id ?? F.id<InvoiceId>(), chargeKey: `charge-${i}`, paymentMethod: "tok_visa", claimedAt: F.at() }
        return (tx) => tx.chargeClaims.put(claim)
      }
    }
  }
  return { setup, step }
}

/**
 * Runs the steps in one transaction: what they read, or how the transaction
 * ended. One that fails on purpose may die on a constraint first in the
 * memory store, which checks each write as it is made, while the Postgres
 * store never sends writes that nothing needed before the failure: either
 * way nothing is kept, which the snapshots compare.
 */
const runSteps = (store: StoreService, steps: ReadonlyArray<Step>, fails: boolean, together: number) =>
  Effect.exit(store.transaction((tx) =>
    Effect.gen(function*() {
      const reads: Array<unknown> = []
      for (let i = 0; i < steps.length; i += together) {
        reads.push(...yield* Effect.all(steps.slice(i, i + together).map((step) => step(tx)), { concurrency: "unbounded" }))
      }
      return fails ? yield* Effect.fail("rolled back") : reads
    })
  )).pipe(Effect.map((exit) => {
    if (Exit.isSuccess(exit)) return exit.value
    if (fails) return "not committed"
    const defect = defectOf(exit)
    return defect instanceof ConstraintViolation ? `violated ${defect.constraint}` : `failed: ${String(Cause.squash(exit.cause))}`
  }))

/**
 * What any transaction's statements must look like: a `with` never writes a
 * table twice; BEGIN is sent exactly when needed (a lock, more than one write
 * statement, a read after a write, or a `with` holding a write whose row
 * count is checked afterwards: `exactlyOne`, the updates and the charge
 * claim's insert-select) and then ends with COMMIT or ROLLBACK.
 * A transaction that died on the writes flushed before a read never sent
 * that read, so a rolled-back one may have begun for less.
 */
const checkStatements = (texts: ReadonlyArray<string>) => {
  for (const text of texts) {
    if (!text.startsWith("with ")) continue
    const tables = cteTables(text)
    assert.strictEqual(new Set(tables).size, tables.length, `a table written twice in one statement: ${text}`)
  }
  const body = texts.filter((t) => t !== "begin" && t !== "commit" && t !== "rollback")
  const writes = body.filter(isWrite).length
  const locked = body.some((t) => / for (update|share)/.test(t))
  const readAfterWrite = body.some((t, i) => !isWrite(t) && body.slice(0, i).some(isWrite))
  const counted = body.some((t) => t.startsWith("with ") && COUNTED.test(t))
  const needed = locked || writes > 1 || readAfterWrite || counted
  const shapes = texts.map(shape)
  if (needed || texts.at(-1) === "rollback") {
    assert.strictEqual(texts.filter((t) => t === "begin").length, 1, shapes.join(" | "))
    assert.include(["commit", "rollback"], texts.at(-1), shapes.join(" | "))
    // Plain reads may come before BEGIN; nothing that locks or writes does.
    const begin = texts.indexOf("begin")
    assert.isFalse(texts.slice(0, begin).some((t) => isWrite(t) || / for (update|share)/.test(t)), shapes.join(" | "))
  } else {
    assert.deepStrictEqual(texts.filter((t) => t === "begin" || t === "commit"), [], shapes.join(" | "))
  }
}

const byId = <A extends { readonly id: string }>(rows: ReadonlyArray<A>) => rows.toSorted((a, b) => a.id.localeCompare(b.id))

const normalize = (s: MemoryStoreSnapshot) => ({
  groups: byId(s.groups),
  users: byId(s.users),
  memberships: s.memberships.toSorted((a, b) => a.userId.localeCompare(b.userId)),
  sessions: byId(s.sessions),
  invoices: s.invoices.map((r) => r.item),
  chargeClaims: s.chargeClaims.toSorted((a, b) => a.invoiceId.localeCompare(b.invoiceId)),
  outbox: s.outbox,
  audit: s.audit.map((r) => r.item)
})

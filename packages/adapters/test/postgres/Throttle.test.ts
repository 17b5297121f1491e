/**
 * R15: the throttle in the database records failures per key and reads the
 * newest within a window, shared by every host (every store over the same
 * database), keeps no key in clear, and forgets what is older than the
 * retention as it records.
 */
import { assert, describe, layer } from "@effect/vitest"
import { DateTime, Effect } from "effect"
import * as fc from "fast-check"
import { sql } from "kysely"
import { PostgresDatabase } from "../../src/postgres/PostgresDatabase.js"
import { newestFailures, PostgresThrottle } from "../../src/postgres/PostgresThrottle.js"
import { expectedOffsets, failuresOf, multiKeyCase } from "../support.js"
import { fresh, testDatabases } from "./Databases.js"

const T0 = 1_700_000_000_000
const at = (offsetMs: number) => DateTime.makeUnsafe(T0 + offsetMs)
const millis = (times: ReadonlyArray<DateTime.Utc>) => times.map((t) => DateTime.toEpochMillis(t) - T0)

const rowCount = Effect.flatMap(PostgresDatabase, ({ db }) =>
  Effect.promise(() => sql<{ n: number }>`select count(*)::int as n from throttle_failures`.execute(db)))
  .pipe(Effect.map((r) => r.rows[0]!.n))

/** A throttle over the database in context that counts the statements it sends (each passes through `gate`). */
const countingThrottle = Effect.gen(function*() {
  const database = yield* PostgresDatabase
  let statements = 0
  const throttle = yield* PostgresThrottle.make().pipe(Effect.provideService(PostgresDatabase, {
    ...database,
    sql: {
      ...database.sql,
      autocommit: (text, values) => {
        statements++
        return database.sql.autocommit(text, values)
      }
    }
  }))
  return { throttle, statements: () => statements }
})

describe.each(testDatabases)("Postgres throttle on $name", (database) => {
  layer(database.layer, { excludeTestServices: true, timeout: 60_000 })((it) => {
    it.effect("R15: returns the failures since the window start, newest first, at most the limit", () =>
      Effect.gen(function*() {
        yield* fresh
        const throttle = yield* PostgresThrottle.make()
        for (const offset of [0, 1_000, 2_000, 3_000, 4_000]) yield* throttle.recordFailure(["k"], at(offset))
        assert.deepStrictEqual(millis(yield* failuresOf(throttle, "k", at(1_000), 10)), [4_000, 3_000, 2_000, 1_000])
        assert.deepStrictEqual(millis(yield* failuresOf(throttle, "k", at(0), 2)), [4_000, 3_000])
        assert.deepStrictEqual(yield* failuresOf(throttle, "k", at(5_000), 10), [])
        assert.deepStrictEqual(yield* failuresOf(throttle, "other", at(0), 10), [])
      }), 60_000)

    it.effect("R15: one recording counts once under each of its keys; hosts share the counts; keys are not stored in clear", () =>
      Effect.gen(function*() {
        yield* fresh
        const hostA = yield* PostgresThrottle.make()
        const hostB = yield* PostgresThrottle.make()
        yield* hostA.recordFailure(["signin:pair:anna:10.0.0.1", "address:10.0.0.1", "address:10.0.0.1"], at(0))
        yield* hostB.recordFailure(["signin:pair:boris:10.0.0.1", "address:10.0.0.1"], at(1))
        assert.strictEqual((yield* failuresOf(hostB, "signin:pair:anna:10.0.0.1", at(0), 10)).length, 1)
        assert.strictEqual((yield* failuresOf(hostA, "address:10.0.0.1", at(0), 10)).length, 2)
        // A login may hold what PostgreSQL cannot store (NUL); hashed, it is just a key.
        yield* hostA.recordFailure(["signin:pair:a\u0000b:1"], at(2))
        assert.strictEqual((yield* failuresOf(hostB, "signin:pair:a\u0000b:1", at(0), 10)).length, 1)
        const { db } = yield* PostgresDatabase
        const stored = yield* Effect.promise(() => db.selectFrom("throttle_failures").select("key_hash").execute())
        assert.isTrue(stored.every((row) => /^[0-9a-f]{64}$/.test(row.key_hash)))
      }), 60_000)

    it.effect("R15: in whatever order failures are recorded (hosts' clocks differ), reads are newest first", () =>
      Effect.gen(function*() {
        const throttle = yield* PostgresThrottle.make()
        const cases = fc.sample(
          fc.tuple(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 30 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 })),
          20
        )
        for (const [offsets, since, limit] of cases) {
          yield* fresh
          for (const offset of offsets) yield* throttle.recordFailure(["k"], at(offset))
          const expected = offsets.filter((o) => o >= since).toSorted((a, b) => b - a).slice(0, limit)
          assert.deepStrictEqual(millis(yield* failuresOf(throttle, "k", at(since), limit)), expected)
        }
      }), 60_000)

    it.effect("R15: several keys are read in one statement, each with its own limit; answers follow the queries, duplicates included", () =>
      Effect.gen(function*() {
        yield* fresh
        const { statements, throttle } = yield* countingThrottle
        for (const offset of [0, 1_000, 2_000]) yield* throttle.recordFailure(["account", "address"], at(offset))
        yield* throttle.recordFailure(["address"], at(3_000))
        const before = statements()
        const answers = yield* throttle.recentFailures([
          { key: "address", limit: 3 },
          { key: "account", limit: 10 },
          { key: "unknown", limit: 10 },
          { key: "account", limit: 0 },
          { key: "address", limit: 1 }
        ], at(500))
        assert.deepStrictEqual(answers.map(millis), [[3_000, 2_000, 1_000], [2_000, 1_000], [], [], [3_000]])
        assert.strictEqual(statements() - before, 1)
        // Nothing to read, nothing sent.
        assert.deepStrictEqual(yield* throttle.recentFailures([], at(0)), [])
        assert.deepStrictEqual(yield* throttle.recentFailures([{ key: "address", limit: 0 }, { key: "account", limit: -1 }], at(0)), [[], []])
        assert.strictEqual(statements() - before, 1)
      }), 60_000)

    it.effect("R15: a several-key read answers each query as reading its key alone would", () =>
      Effect.gen(function*() {
        const throttle = yield* PostgresThrottle.make()
        for (const c of fc.sample(multiKeyCase, 20)) {
          yield* fresh
          for (const { keys, offset } of c.recordings) yield* throttle.recordFailure(keys, at(offset))
          const together = yield* throttle.recentFailures(c.queries, at(c.since))
          const alone = yield* Effect.forEach(c.queries, (q) => failuresOf(throttle, q.key, at(c.since), q.limit))
          assert.deepStrictEqual(together.map(millis), alone.map(millis))
          assert.deepStrictEqual(together.map(millis), c.queries.map((q) => expectedOffsets(c, q)))
        }
      }), 60_000)

    it.effect("R15: the several-key read uses the index on (key_hash, at desc)", () =>
      Effect.gen(function*() {
        yield* fresh
        const throttle = yield* PostgresThrottle.make()
        // Enough rows under other keys that a plan ignoring the index would be visibly worse.
        yield* Effect.forEach(Array.from({ length: 40 }, (_, i) => i), (i) =>
          throttle.recordFailure(Array.from({ length: 50 }, (_, k) => `noise-${i}-${k}`), at(i)), { discard: true })
        const { db } = yield* PostgresDatabase
        yield* Effect.promise(() => sql`analyze throttle_failures`.execute(db))
        const query = newestFailures(["x", "y"], [10, 30], at(0))
        const plan = yield* Effect.promise(() => sql<{ "QUERY PLAN": string }>`explain ${query}`.execute(db))
        const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n")
        assert.include(text, "throttle_failures_recent", text)
      }), 60_000)

    it.effect("R15: the throttle's read keeps a generic plan once prepared (planned afresh each time, a read cost the server 3–6 times as much)", () =>
      Effect.gen(function*() {
        yield* fresh
        const { db } = yield* PostgresDatabase
        const compiled = newestFailures(["x", "y"], [10, 30], at(0)).compile(db)
        // One connection: prepared statements and their plan counts belong to a session.
        const counts = yield* Effect.promise(() =>
          db.connection().execute(async (connection) => {
            await sql.raw(`prepare throttle_read as ${compiled.sql}`).execute(connection)
            try {
              const values = sql.join(compiled.parameters.map((value) => sql.lit(value as string | number)))
              for (let n = 0; n < 8; n++) await sql`execute throttle_read(${values})`.execute(connection)
              return (await sql<{ generic: number; custom: number }>`
                select generic_plans::int as generic, custom_plans::int as custom
                from pg_prepared_statements where name = 'throttle_read'`.execute(connection)).rows
            } finally {
              await sql`deallocate throttle_read`.execute(connection)
            }
          }))
        assert.strictEqual(counts.length, 1)
        assert.isAbove(counts[0]!.generic, 0, JSON.stringify(counts))
      }), 60_000)

    it.effect("failures older than the retention are pruned as new ones are recorded, a bounded batch at a time", () =>
      Effect.gen(function*() {
        yield* fresh
        const throttle = yield* PostgresThrottle.make({ retention: "1 hour" })
        yield* Effect.forEach(Array.from({ length: 250 }, (_, i) => i), (i) => throttle.recordFailure([`old-${i}`], at(i)), { discard: true })
        assert.strictEqual(yield* rowCount, 250)
        const later = 2 * 3_600_000
        yield* throttle.recordFailure(["new"], at(later))
        assert.strictEqual(yield* rowCount, 151)
        yield* throttle.recordFailure(["new"], at(later + 1))
        yield* throttle.recordFailure(["new"], at(later + 2))
        assert.strictEqual(yield* rowCount, 3)
        assert.deepStrictEqual(yield* failuresOf(throttle, "old-0", at(0), 10), [])
      }), 60_000)
  })
})

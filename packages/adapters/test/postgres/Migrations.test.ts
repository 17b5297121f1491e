/**
 * The schema comes from the migrations alone: up from an empty database,
 * idempotent (a second run, or several hosts starting at once, runs
 * nothing), and reversible.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { sql } from "kysely"
import { connect } from "../../src/postgres/Connect.js"
import { migrateDown, migrateToLatest, migrations } from "../../src/postgres/Migrations.js"
import { scratchDatabase } from "../../src/postgres/ScratchDatabase.js"
import { testDatabases } from "./Databases.js"

const tablesOf = (db: Parameters<typeof migrateToLatest>[0]) =>
  Effect.promise(() =>
    sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' order by 1`
      .execute(db)
  ).pipe(Effect.map((r) => r.rows.map((row) => row.table_name)))

describe.each(testDatabases)("migrations on $name", (database) => {
  it.live("run up from an empty database, then find nothing to do", () =>
    Effect.scoped(Effect.gen(function*() {
      const { db } = yield* database.open({ migrate: false })
      assert.deepStrictEqual(yield* tablesOf(db), [])
      assert.deepStrictEqual(yield* migrateToLatest(db), Object.keys(migrations))
      assert.deepStrictEqual(yield* migrateToLatest(db), [])
      const tables = yield* tablesOf(db)
      for (const table of ["account_emails", "groups", "memberships", "outbox", "throttle_failures", "kysely_migration"]) {
        assert.include(tables, table)
      }
    })), 60_000)

  it.live("several hosts migrating at once run each migration exactly once", () =>
    Effect.scoped(Effect.gen(function*() {
      // On a server, each host has its own pool; PGlite has one connection in one process.
      const hosts = database.url === null
        ? [database.open({ migrate: false }).pipe(Effect.map((d) => d.db))]
        : [yield* scratchDatabase(database.url)].flatMap((url) =>
          Array.from({ length: 4 }, () => connect({ driver: "postgres", url }).pipe(Effect.map((c) => c.db)))
        )
      const dbs = yield* Effect.all(hosts)
      const runs = yield* Effect.all([...dbs, ...dbs, ...dbs].map(migrateToLatest), { concurrency: "unbounded" })
      assert.deepStrictEqual(runs.flat().toSorted(), Object.keys(migrations))
    })), 60_000)

  it.live("down undoes the schema", () =>
    Effect.scoped(Effect.gen(function*() {
      const { db } = yield* database.open()
      yield* migrateDown(db)
      assert.deepStrictEqual((yield* tablesOf(db)).filter((t) => !t.startsWith("kysely_")), [])
    })), 60_000)
})

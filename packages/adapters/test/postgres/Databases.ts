/**
 * The databases the Postgres adapter's tests run on: PGlite always, and the
 * server of `DATABASE_URL` when it is set (a scratch database of its own,
 * dropped afterwards). One database per test file and driver; each test
 * empties it first (`fresh`), which costs milliseconds where a new PGlite
 * costs seconds.
 */
import { Effect, Layer, type Scope } from "effect"
import { makePostgresDatabase, PostgresDatabase, type PostgresDatabaseOptions } from "../../src/postgres/PostgresDatabase.js"
import { resetDatabase } from "../../src/postgres/Reset.js"
import { scratchDatabase } from "../../src/postgres/ScratchDatabase.js"

export interface OpenOptions {
  readonly migrate?: boolean
  readonly poolSize?: number
}

export interface TestDatabase {
  readonly name: "pglite" | "postgres"
  readonly url: string | null
  readonly layer: Layer.Layer<PostgresDatabase, unknown>
  /** Opens another database of this kind in the current scope (for tests that need their own, or no migrations). */
  readonly open: (options?: OpenOptions) => Effect.Effect<PostgresDatabase["Service"], unknown, Scope.Scope>
}

const databaseUrl = process.env["DATABASE_URL"]

const pglite: TestDatabase = {
  name: "pglite",
  url: null,
  layer: PostgresDatabase.layer({ driver: "pglite" }),
  open: (options = {}) => makePostgresDatabase({ driver: "pglite", migrate: options.migrate ?? true })
}

const server = (url: string): TestDatabase => {
  const open = (options: OpenOptions = {}) =>
    Effect.flatMap(scratchDatabase(url), (scratch) => {
      const config: PostgresDatabaseOptions = {
        driver: "postgres",
        url: scratch,
        migrate: options.migrate ?? true,
        // Small pools: test files of several packages share one server's connection slots.
        poolSize: options.poolSize ?? 6
      }
      return makePostgresDatabase(config)
    })
  return { name: "postgres", url, layer: Layer.effect(PostgresDatabase, open()), open }
}

export const testDatabases: ReadonlyArray<TestDatabase> = databaseUrl === undefined ? [pglite] : [pglite, server(databaseUrl)]

/** Empties the database in context: every test starts from a fresh one. */
export const fresh = Effect.flatMap(PostgresDatabase, resetDatabase)

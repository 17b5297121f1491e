/**
 * Schema migrations with kysely's `Migrator`. The list is explicit (no
 * folder scan), so it survives bundling and its order is the names' order.
 *
 * Safe when several hosts start at once: on a server the Migrator takes a
 * session advisory lock (`pg_advisory_lock`) around reading what has run and
 * running the rest in one transaction, so the second host waits, then finds
 * nothing to do; the bookkeeping tables are created tolerating a concurrent
 * creator. PGlite has one connection, held by the Migrator for the whole run.
 */
import { Effect, Schema } from "effect"
import type { Kysely } from "kysely"
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration"
import { Unavailable } from "@corporate-groups/domain"
import * as initial from "./migrations/0001_initial.js"
import { verdictOf } from "./SqlFailure.js"

export const migrations: Readonly<Record<string, Migration>> = {
  "0001_initial": initial
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) }

/** A migration failed for a reason other than a lost connection; the database was left as before it. */
export class MigrationFailed extends Schema.TaggedError<MigrationFailed>()("MigrationFailed", {
  migration: Schema.NullOr(Schema.String),
  message: Schema.String
}) {}

const migrator = (db: Kysely<any>) => new Migrator({ db, provider })

/** Runs every migration not yet run, oldest first; answers the names it ran. */
export const migrateToLatest = (db: Kysely<any>): Effect.Effect<ReadonlyArray<string>, MigrationFailed | Unavailable> =>
  Effect.flatMap(
    Effect.promise(() => migrator(db).migrateToLatest()),
    ({ error, results }): Effect.Effect<ReadonlyArray<string>, MigrationFailed | Unavailable> => {
      const ran = (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName)
      if (error === undefined) return Effect.succeed(ran)
      if (verdictOf(error) === "unavailable") {
        return Effect.fail(new Unavailable({ reason: "postgres: the database did not answer while migrating" }))
      }
      return Effect.fail(
        new MigrationFailed({
          migration: results?.find((r) => r.status === "Error")?.migrationName ?? null,
          message: error instanceof Error ? error.message : String(error)
        })
      )
    }
  )

/** Undoes the newest migration that ran (for tests of the migrations themselves). */
export const migrateDown = (db: Kysely<any>): Effect.Effect<void, MigrationFailed> =>
  Effect.flatMap(Effect.promise(() => migrator(db).migrateDown()), ({ error }) =>
    error === undefined
      ? Effect.void
      : Effect.fail(new MigrationFailed({ migration: null, message: error instanceof Error ? error.message : String(error) })))

/**
 * For tests: fresh, migrated PGlite databases, cheaply. Starting PGlite and
 * running the migrations costs seconds; the first database of a process is
 * made that way and, before anyone writes to it, its data folder is dumped
 * in memory. Every later one starts from that dump (`loadDataDir`), in
 * about 0.4 s, already migrated. (`PGlite.clone()` does the same from a live
 * instance but is slower here, and would keep an idle template running.)
 */
import { Effect, type Scope } from "effect"
import type { Unavailable } from "@corporate-groups/domain"
import type { MigrationFailed } from "./Migrations.js"
import { makePostgresDatabase, type PostgresDatabase } from "./PostgresDatabase.js"
import { SqlFailure } from "./SqlFailure.js"

let template: Promise<Blob | File> | null = null

const create = (dump: Blob | File | null) =>
  Effect.orDie(Effect.tryPromise({
    try: async () => {
      const { PGlite } = await import("@electric-sql/pglite")
      return PGlite.create(dump === null ? {} : { loadDataDir: dump })
    },
    catch: (cause) => new SqlFailure("open PGlite", cause)
  }))

/** A new, migrated, empty PGlite database, closed with the scope. */
export const freshPGlite = (): Effect.Effect<PostgresDatabase["Service"], MigrationFailed | Unavailable, Scope.Scope> =>
  Effect.gen(function*() {
    if (template !== null) {
      const dump = yield* Effect.promise(() => template!)
      return yield* makePostgresDatabase({ driver: "pglite", instance: yield* create(dump), migrate: false })
    }
    const instance = yield* create(null)
    const database = yield* makePostgresDatabase({ driver: "pglite", instance })
    template ??= instance.dumpDataDir("none").catch((error: unknown) => {
      template = null
      throw error
    })
    yield* Effect.promise(() => template!)
    return database
  })

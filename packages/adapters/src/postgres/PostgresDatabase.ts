/**
 * One open database, shared by the store, the throttle and the inspector of
 * a host. `gate` is a semaphore with as many permits as there are
 * connections: PGlite's single connection is taken by one transaction (or
 * statement) at a time through it, and the inspector and the reset take it on
 * either driver. A server's transactions wait for a connection of the pool in
 * `sql.acquire` instead (Permits.ts), when they first need one, in order and
 * interruptibly, rather than in the pool's queue, where a wait longer than
 * the connect timeout would fail (a burst of 500 joins is a queue, not an
 * outage).
 */
import { Context, Effect, Layer, Semaphore } from "effect"
import type { Kysely } from "kysely"
import type { Unavailable } from "@corporate-groups/domain"
import { connect, type PostgresConnectionOptions } from "./Connect.js"
import type { Database } from "./Database.js"
import type { SqlConnections } from "./SqlConnections.js"
import { type MigrationFailed, migrateToLatest } from "./Migrations.js"

export class PostgresDatabase extends Context.Service<PostgresDatabase, {
  readonly db: Kysely<Database>
  /** Connections below kysely: the store sends the queries kysely compiled (SqlConnections.ts). */
  readonly sql: SqlConnections
  readonly driver: "postgres" | "pglite"
  /** Runs `effect` holding one of the connections' permits. */
  readonly gate: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}>()("@corporate-groups/adapters/postgres/PostgresDatabase") {
  /** Opened when the layer is built, closed when its scope closes. */
  static readonly layer = (options: PostgresDatabaseOptions): Layer.Layer<PostgresDatabase, MigrationFailed | Unavailable> =>
    Layer.effect(PostgresDatabase, makePostgresDatabase(options))
}

export type PostgresDatabaseOptions = PostgresConnectionOptions & {
  /** Run pending migrations on open (default true); false for hosts started after a separate `migrate` step. */
  readonly migrate?: boolean
}

/** Opens the database in the current scope, migrated to the latest schema unless told otherwise. */
export const makePostgresDatabase = (options: PostgresDatabaseOptions) =>
  Effect.gen(function*() {
    const connection = yield* connect(options)
    if (options.migrate !== false) yield* migrateToLatest(connection.db)
    const permits = yield* Semaphore.make(connection.connections)
    return PostgresDatabase.of({
      db: connection.db,
      sql: connection.sql,
      driver: connection.driver,
      gate: (effect) => Semaphore.withPermit(permits)(effect)
    })
  })

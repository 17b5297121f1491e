/**
 * The two drivers behind one set of kysely queries (DESIGN.md: *Storage
 * drivers*): a `pg` pool against a server, or PGlite, PostgreSQL compiled to
 * WebAssembly, in this process. Each is opened in a scope and closed with it.
 *
 * The pool is set up so that nothing hangs and nothing crashes the process:
 * every timeout is finite (connecting, each statement, a transaction left
 * idle), and every client gets an `error` listener, because `pg` emits
 * `error` on a checked-out client whose server went away and an unheard
 * `error` event kills a Node process. A broken client is dropped by the pool
 * on release and the next checkout opens a new connection: the pool recovers
 * by itself.
 *
 * PGlite has one connection. kysely's PGlite driver hands it to one user at a
 * time (a mutex held from BEGIN to COMMIT), so two transactions never
 * interleave on it; the gate of PostgresDatabase.ts makes that wait an
 * interruptible Effect wait as well.
 */
import { Duration, Effect, type Scope } from "effect"
import { Kysely, PGliteDialect, PostgresDialect } from "kysely"
import type { PGlite } from "@electric-sql/pglite"
import type { Database } from "./Database.js"
import { sharedLines } from "./SharedLines.js"
import { pgliteConnections, poolConnections, type SqlConnections } from "./SqlConnections.js"
import { SqlFailure } from "./SqlFailure.js"

export interface PostgresServerOptions {
  readonly driver: "postgres"
  /** `postgres://user:password@host:port/database` */
  readonly url: string
  /** Connections in the pool; also how many transactions run at once (default DEFAULT_POOL_SIZE, 10). */
  readonly poolSize?: number
  /** The longest wait for a new connection (default 5 seconds). */
  readonly connectTimeout?: Duration.Input
  /** The longest a statement may run, lock waits included (default 30 seconds). */
  readonly statementTimeout?: Duration.Input
}

export interface PGliteOptions {
  readonly driver: "pglite"
  /** The folder PGlite keeps its data in; in memory when absent. */
  readonly dataDir?: string
  /** An instance already open (a clone, a restored dump); it is closed with the adapter. */
  readonly instance?: PGlite
}

export type PostgresConnectionOptions = PostgresServerOptions | PGliteOptions

export interface Connection {
  readonly db: Kysely<Database>
  /** The same connections below kysely, for the store's transactions. */
  readonly sql: SqlConnections
  readonly driver: "postgres" | "pglite"
  /** How many connections can be used at once. */
  readonly connections: number
  /** Ends the pool or closes PGlite; never fails. */
  readonly close: () => Promise<void>
}

/**
 * node-postgres's own default, and about what a server can run at once: more
 * transactions in flight than it has cores to run them queue inside the
 * server, where each waiting backend costs CPU (context switches, its caches),
 * instead of here, where a waiting transaction costs nothing (Permits.ts). On
 * 2 cores, `npm run bench` of the http package (runs alternating 10, 20, 20,
 * 10, 64 joins in flight) gave `joinGroup` in process 1,923 and 1,754 joins/s
 * with 10 connections, PostgreSQL 0.47 and 0.54 ms of CPU a join, against
 * 1,286 and 1,335 with 20 (0.80 and 0.75). Over HTTP the host keeps only about
 * 7 transactions open at once, and the two sizes were within the machine's
 * noise. pgbench itself pays 0.40–0.55 ms a transaction at 16 clients and
 * 0.80–1.20 at 64.
 */
export const DEFAULT_POOL_SIZE = 10
const DEFAULT_CONNECT_TIMEOUT = Duration.seconds(5)
const DEFAULT_STATEMENT_TIMEOUT = Duration.seconds(30)
/** Connections beside the pool for statements that are transactions of their own (SharedLines.ts). */
export const SHARED_LINES = 2

const millis = (input: Duration.Input | undefined, fallback: Duration.Duration): number =>
  Math.max(1, Math.round(Duration.toMillis(input === undefined ? fallback : Duration.fromInputUnsafe(input))))

const openServer = (options: PostgresServerOptions) =>
  Effect.tryPromise({
    try: async () => {
      const { default: pg } = await import("pg")
      const statementTimeout = millis(options.statementTimeout, DEFAULT_STATEMENT_TIMEOUT)
      const settings = {
        connectionString: options.url,
        connectionTimeoutMillis: millis(options.connectTimeout, DEFAULT_CONNECT_TIMEOUT),
        keepAlive: true,
        application_name: "corporate-groups",
        statement_timeout: statementTimeout,
        // A transaction whose fiber stopped talking releases its locks.
        idle_in_transaction_session_timeout: statementTimeout * 2,
        // A server that vanished without closing the socket answers nothing:
        // the client gives up a little after the server would have.
        query_timeout: statementTimeout + 5_000,
        // A query is submitted at once, not after the previous answer, so the
        // store can send several in one write (SqlConnections.ts: pipeline).
        // Code that awaits each query, kysely's included, sees no difference.
        pipeline: true
      }
      const pool = new pg.Pool({ ...settings, max: options.poolSize ?? DEFAULT_POOL_SIZE, idleTimeoutMillis: 30_000 })
      const lines = sharedLines(() => new pg.Client(settings), SHARED_LINES)
      // Errors of idle clients reach the pool; those of checked-out clients
      // only the client. Both are handled where they surface (the statement
      // fails, the client is dropped); the listeners only keep them from
      // being unheard `error` events.
      pool.on("error", () => {})
      pool.on("connect", (client) => void client.on("error", () => {}))
      return { pool, lines }
    },
    catch: (cause) => new SqlFailure("connect", cause)
  }).pipe(
    Effect.orDie,
    Effect.map(({ lines, pool }): Connection => {
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
      return {
        db,
        sql: poolConnections(pool, lines, options.poolSize ?? DEFAULT_POOL_SIZE),
        driver: "postgres",
        connections: options.poolSize ?? DEFAULT_POOL_SIZE,
        // kysely ends the pool only if it was used; an unused pool has nothing open.
        close: async () => {
          await lines.close()
          await db.destroy().catch(() => undefined)
        }
      }
    })
  )

const openPGlite = (options: PGliteOptions) =>
  Effect.tryPromise({
    try: async () => {
      if (options.instance !== undefined) return options.instance
      const { PGlite } = await import("@electric-sql/pglite")
      return PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir })
    },
    catch: (cause) => new SqlFailure("open PGlite", cause)
  }).pipe(
    Effect.orDie,
    Effect.map((pglite): Connection => {
      const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
      return {
        db,
        sql: pgliteConnections(pglite),
        driver: "pglite",
        connections: 1,
        close: async () => {
          await db.destroy().catch(() => undefined)
          // kysely closes the instance only if it ever ran a query through it.
          if (!pglite.closed) await pglite.close().catch(() => undefined)
        }
      }
    })
  )

/** Opens the driver; closing the scope ends the pool or closes PGlite. */
export const connect = (options: PostgresConnectionOptions): Effect.Effect<Connection, never, Scope.Scope> =>
  Effect.acquireRelease(
    options.driver === "postgres" ? openServer(options) : openPGlite(options),
    (connection) => Effect.promise(connection.close)
  )

/**
 * The connections the store's transactions run on, below kysely: kysely
 * builds and compiles the queries, and the store sends the compiled text
 * itself, so that it decides when BEGIN is sent and which writes travel
 * together (TxContext.ts).
 *
 * On a server, statements with parameters are named prepared statements,
 * named after their text: each connection parses and plans a statement once
 * instead of on every call, as `pgbench -M prepared` does (a join's
 * statements are the same few texts over and over). The names are the same
 * on every connection of the pool; the number of distinct texts is bounded by
 * the adapter's code (a multi-row insert has one text per row count), and
 * past `MAX_NAMED` texts further ones go unnamed rather than grow without end.
 * Prepared statements name their columns (no `select *` on the hot paths), so
 * a migration that adds a column does not invalidate them.
 *
 * Statements a transaction can send without waiting for each answer (BEGIN
 * and the read after it, writes and the COMMIT after them) go as a
 * *pipeline*: one write to the socket with one Sync at its end, answered in
 * one write (OneSync.ts). They are inside one transaction, so a failure
 * ends the rest anyway, and the first failure is the one that counts. Each
 * round trip saved is a wake-up of the server's backend and of this process,
 * on both sides of the socket. pg's `pipeline` mode submits a query at once
 * instead of after the previous answer.
 *
 * PGlite has one connection; the database's gate hands it to one user at a
 * time, so the store may hold it from BEGIN to COMMIT. Its pipeline is the
 * statements one after the other (there is no socket to save).
 */
import type { PGlite } from "@electric-sql/pglite"
import type pg from "pg"
import { oneSync } from "./OneSync.js"
import { permits } from "./Permits.js"
import type { SharedLines } from "./SharedLines.js"

export interface SqlResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>
  /** Rows written by an INSERT, UPDATE or DELETE (read a SELECT's `rows` instead). */
  readonly rowCount: number
}

export interface SqlStatement {
  readonly text: string
  readonly values: ReadonlyArray<unknown>
}

export interface SqlConnection {
  readonly query: (text: string, values: ReadonlyArray<unknown>) => Promise<SqlResult>
  /**
   * Sends statements of one transaction together and settles once every one
   * has been answered, in order; after a failure the rest are not run, and
   * are rejected (OneSync.ts's `SkippedStatement`).
   */
  readonly pipeline: (statements: ReadonlyArray<SqlStatement>) => Promise<ReadonlyArray<PromiseSettledResult<SqlResult>>>
  /** Gives the connection back; a broken one (lost, or in an unknown state) is closed instead. */
  readonly release: (broken: boolean) => void
}

export interface SqlConnections {
  /**
   * A connection for one transaction; rejects when none can be opened, or
   * when `signal` aborts while it waits for one (nothing is held then).
   */
  readonly acquire: (signal?: AbortSignal) => Promise<SqlConnection>
  /**
   * One statement that is a transaction on its own. On a server it goes on a
   * shared line (SharedLines.ts), needing no connection of the pool; PGlite
   * runs it on its one connection, so it needs the database's gate there.
   * `read`: a plain read (no lock, no write), which on a server may share
   * its Sync with the other reads of its turn.
   */
  readonly autocommit: (text: string, values: ReadonlyArray<unknown>, read?: boolean) => Promise<SqlResult>
  /** Whether `autocommit` must hold a permit of the database's gate. */
  readonly autocommitGated: boolean
  /**
   * Whether a transaction must hold a permit of the database's gate from its
   * start to its end: PGlite's one connection. A pool's `acquire` waits for
   * a free connection itself (Permits.ts).
   */
  readonly transactionsGated: boolean
}

const MAX_NAMED = 2_000

/** Statement names by text, shared by the pool's connections. */
const statementNames = () => {
  const names = new Map<string, string>()
  return (text: string): string | undefined => {
    const known = names.get(text)
    if (known !== undefined || names.size >= MAX_NAMED) return known
    const name = `cg${names.size}`
    names.set(text, name)
    return name
  }
}

/** `size`: the pool's; at most that many connections are out at once, the rest wait their turn here. */
export const poolConnections = (pool: pg.Pool, lines: SharedLines, size: number): SqlConnections => {
  const nameOf = statementNames()
  const free = permits(size)
  return {
    autocommit: (text, values, read) => lines.query(text, values, values.length === 0 ? undefined : nameOf(text), read),
    autocommitGated: false,
    transactionsGated: false,
    acquire: async (signal) => {
      await free.take(signal)
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        free.give()
        throw error
      }
      const query = (text: string, values: ReadonlyArray<unknown>): Promise<SqlResult> =>
        sendAlone(client, text, values, nameOf(text))
      return {
        query,
        pipeline: (statements) => oneSync(client, statements.map((statement) => ({ ...statement, name: nameOf(statement.text) }))),
        release: (broken) => {
          client.release(broken)
          free.give()
        }
      }
    }
  }
}

/**
 * One statement with a Sync of its own: without values in the simple protocol,
 * else as the prepared statement `name` (or unnamed, parsed each time).
 */
export const sendAlone = async (
  client: pg.ClientBase,
  text: string,
  values: ReadonlyArray<unknown>,
  name: string | undefined
): Promise<SqlResult> => {
  const result = values.length === 0
    ? await client.query(text)
    : await client.query({ name, text, values: values as Array<unknown> })
  return { rows: result.rows, rowCount: result.rowCount ?? 0 }
}

/** The socket under a pg client (not part of pg's typed API; absent on other streams). */
export const socketOf = (client: pg.ClientBase): { cork(): void; uncork(): void } | undefined => {
  const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection?.stream
  return typeof stream?.cork === "function" && typeof stream.uncork === "function"
    ? stream as { cork(): void; uncork(): void }
    : undefined
}

export const pgliteConnections = (pglite: PGlite): SqlConnections => {
  const query = async (text: string, values: ReadonlyArray<unknown>): Promise<SqlResult> => {
    const result = await pglite.query<Record<string, unknown>>(text, values as Array<unknown>, { rowMode: "object" })
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
  }
  const connection: SqlConnection = {
    query,
    pipeline: async (statements) => {
      const settled: Array<PromiseSettledResult<SqlResult>> = []
      for (const { text, values } of statements) {
        try {
          settled.push({ status: "fulfilled", value: await query(text, values) })
        } catch (reason) {
          settled.push({ status: "rejected", reason })
        }
      }
      return settled
    },
    release: () => {}
  }
  return { acquire: () => Promise.resolve(connection), autocommit: query, autocommitGated: true, transactionsGated: true }
}

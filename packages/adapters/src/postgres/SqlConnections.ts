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
 * PGlite has one connection; the database's gate hands it to one user at a
 * time, so the store may hold it from BEGIN to COMMIT.
 */
import type { PGlite } from "@electric-sql/pglite"
import type pg from "pg"

export interface SqlResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>
  /** Rows written by an INSERT, UPDATE or DELETE (read a SELECT's `rows` instead). */
  readonly rowCount: number
}

export interface SqlConnection {
  readonly query: (text: string, values: ReadonlyArray<unknown>) => Promise<SqlResult>
  /** Gives the connection back; a broken one (lost, or in an unknown state) is closed instead. */
  readonly release: (broken: boolean) => void
}

export interface SqlConnections {
  /** A connection for one transaction; rejects when none can be opened. */
  readonly acquire: () => Promise<SqlConnection>
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

export const poolConnections = (pool: pg.Pool): SqlConnections => {
  const nameOf = statementNames()
  return {
    acquire: async () => {
      const client = await pool.connect()
      return {
        query: async (text, values) => {
          const result = values.length === 0
            ? await client.query(text)
            : await client.query({ name: nameOf(text), text, values: values as Array<unknown> })
          return { rows: result.rows, rowCount: result.rowCount ?? 0 }
        },
        release: (broken) => client.release(broken)
      }
    }
  }
}

export const pgliteConnections = (pglite: PGlite): SqlConnections => {
  const connection: SqlConnection = {
    query: async (text, values) => {
      const result = await pglite.query<Record<string, unknown>>(text, values as Array<unknown>, { rowMode: "object" })
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
    },
    release: () => {}
  }
  return { acquire: () => Promise.resolve(connection) }
}

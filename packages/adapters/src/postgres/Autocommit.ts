/**
 * One statement on its own, outside any store transaction (the throttle's
 * reads and writes, R15): a statement is atomic, so it needs no BEGIN. It
 * takes a permit of the gate and a connection as a transaction would, and is
 * sent the same way (prepared on a server, SqlConnections.ts). A lost
 * connection is `Unavailable`; anything else is a defect.
 */
import { Effect } from "effect"
import type { Unavailable } from "@corporate-groups/domain"
import type { Compilable } from "kysely"
import type { PostgresDatabase } from "./PostgresDatabase.js"
import { orUnavailable, statement } from "./Statement.js"

export const autocommit = <R>(
  database: PostgresDatabase["Service"],
  name: string,
  query: Compilable<R>
): Effect.Effect<ReadonlyArray<R>, Unavailable> =>
  database.gate(orUnavailable(statement(name, async () => {
    const { parameters, sql } = query.compile()
    const connection = await database.sql.acquire()
    try {
      const result = await connection.query(sql, parameters)
      connection.release(false)
      return result.rows as ReadonlyArray<R>
    } catch (error) {
      // A statement that failed on its own left no transaction open; a broken connection is dropped by the pool.
      connection.release(false)
      throw error
    }
  })))

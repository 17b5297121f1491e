/**
 * One statement on its own, outside any store transaction (the throttle's
 * reads and writes, R15): a statement is atomic, so it needs no BEGIN, nor
 * a connection of the pool: on a server it goes on a shared line with every
 * other caller's (SharedLines.ts), prepared, a plain read sharing its Sync
 * with the other reads of its turn; on PGlite it takes the gate's
 * permit, as a transaction would. A lost connection is `Unavailable`;
 * anything else is a defect.
 */
import { Effect } from "effect"
import type { Unavailable } from "@corporate-groups/domain"
import type { Compilable } from "kysely"
import type { PostgresDatabase } from "./PostgresDatabase.js"
import { orUnavailable, statement } from "./Statement.js"

export const autocommit = <R>(
  database: PostgresDatabase["Service"],
  name: string,
  query: Compilable<R>,
  kind: "read" | "write"
): Effect.Effect<ReadonlyArray<R>, Unavailable> => {
  const sent = orUnavailable(statement(name, async () => {
    const { parameters, sql } = query.compile()
    return (await database.sql.autocommit(sql, parameters, kind === "read")).rows as ReadonlyArray<R>
  }))
  return database.sql.autocommitGated ? database.gate(sent) : sent
}

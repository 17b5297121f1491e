/**
 * For tests: empties every table and restarts every identity, so a database
 * reused between test worlds starts each one as a fresh database would (the
 * positions too). One TRUNCATE of all tables: milliseconds, where creating a
 * database costs a tenth of a second on a server and more on PGlite. The
 * schema and the migrations table are kept.
 */
import { Effect } from "effect"
import { sql } from "kysely"
import { TABLES } from "./Database.js"
import type { PostgresDatabase } from "./PostgresDatabase.js"
import { statement } from "./Statement.js"

export const resetDatabase = (database: PostgresDatabase["Service"]): Effect.Effect<void> =>
  database.gate(statement("reset", () =>
    sql.raw(`truncate table ${TABLES.join(", ")} restart identity`).execute(database.db))).pipe(Effect.asVoid)

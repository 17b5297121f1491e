/**
 * Sessions (API.md §1): only the token's hash is stored, and it is unique.
 * R5's "end every other session" is one delete by the account's index.
 */
import { Effect, Option } from "effect"
import type { Tx } from "@corporate-groups/domain"
import { sessionOf, sessionRow } from "./Rows.js"
import { COLUMNS } from "./Database.js"
import { type Arguments, template } from "./Template.js"
import type { TxContext } from "./TxContext.js"

// Every signed-in request looks its token up: compiled once (Template.ts).
const byTokenHash = template((db, arg: Arguments<{ tokenHash: string }>) =>
  db.selectFrom("sessions").select(COLUMNS.sessions).where("token_hash", "=", arg("tokenHash")))

export const sessionsTable = (cx: TxContext): Tx["sessions"] => ({
  findByTokenHash: (tokenHash) =>
    cx.first("sessions.findByTokenHash", byTokenHash(cx.db, { tokenHash }), false).pipe(
      Effect.map(Option.map(sessionOf))
    ),
  insert: (session) => cx.write("sessions.insert", "sessions", cx.db.insertInto("sessions").values(sessionRow(session))),
  delete: (id) => cx.write("sessions.delete", "sessions", cx.db.deleteFrom("sessions").where("id", "=", id)),
  deleteAllBut: (accountId, keep) =>
    cx.write(
      "sessions.deleteAllBut",
      "sessions",
      cx.db.deleteFrom("sessions").where("account_id", "=", accountId).where("id", "<>", keep)
    )
})

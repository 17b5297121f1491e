/**
 * Sessions (API.md §1): only the token's hash is stored, and it is unique.
 * R5's "end every other session" is one delete by the account's index.
 */
import { Effect, Option } from "effect"
import type { Tx } from "@corporate-groups/domain"
import { sessionOf, sessionRow } from "./Rows.js"
import { statement } from "./Statement.js"
import type { TxContext } from "./TxContext.js"

export const sessionsTable = (cx: TxContext): Tx["sessions"] => ({
  findByTokenHash: (tokenHash) =>
    statement("sessions.findByTokenHash", () =>
      cx.trx.selectFrom("sessions").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst()).pipe(
        Effect.map((row) => Option.map(Option.fromNullishOr(row), sessionOf))
      ),
  insert: (session) =>
    Effect.asVoid(statement("sessions.insert", () => cx.trx.insertInto("sessions").values(sessionRow(session)).execute())),
  delete: (id) => Effect.asVoid(statement("sessions.delete", () => cx.trx.deleteFrom("sessions").where("id", "=", id).execute())),
  deleteAllBut: (accountId, keep) =>
    Effect.asVoid(statement("sessions.deleteAllBut", () =>
      cx.trx.deleteFrom("sessions").where("account_id", "=", accountId).where("id", "<>", keep).execute()))
})

/**
 * R50, R51: the outbox and the audit trail, written by the same transaction
 * as the change they record, so they commit or vanish with it. Several rows
 * go in one statement; identity values follow the order of the rows given.
 */
import { Effect } from "effect"
import type { Tx } from "@corporate-groups/domain"
import { auditEntryOf, auditRow, outboxRow, positioned } from "./Rows.js"
import { statement } from "./Statement.js"
import type { TxContext } from "./TxContext.js"

export const outboxTable = (cx: TxContext): Tx["outbox"] => ({
  append: (events) =>
    events.length === 0
      ? Effect.void
      : Effect.asVoid(statement("outbox.append", () => cx.trx.insertInto("outbox").values(events.map(outboxRow)).execute()))
})

export const auditTable = (cx: TxContext): Tx["audit"] => ({
  append: (entries) =>
    entries.length === 0
      ? Effect.void
      : Effect.asVoid(statement("audit.append", () => cx.trx.insertInto("audit").values(entries.map(auditRow)).execute())),
  list: (groupId, page) =>
    page.limit <= 0 ? Effect.succeed([]) : statement("audit.list", () =>
      cx.trx.selectFrom("audit").selectAll().where("group_id", "=", groupId)
        .$if(page.before !== null, (q) => q.where("position", "<", page.before!))
        .orderBy("position", "desc").limit(page.limit).execute()).pipe(
        Effect.map((rows) => rows.map((row) => positioned(row.position, auditEntryOf(row))))
      )
})

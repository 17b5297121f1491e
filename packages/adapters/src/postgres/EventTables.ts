/**
 * R50, R51: the outbox and the audit trail, written by the same transaction
 * as the change they record, so they commit or vanish with it. Several rows
 * go in one statement; identity values follow the order of the rows given.
 */
import { Effect } from "effect"
import type { Tx } from "@corporate-groups/domain"
import { auditEntryOf, auditRow, outboxRow, positioned } from "./Rows.js"
import { COLUMNS } from "./Database.js"
import type { TxContext } from "./TxContext.js"

export const outboxTable = (cx: TxContext): Tx["outbox"] => ({
  append: (events) =>
    events.length === 0
      ? Effect.void
      : cx.write("outbox.append", "outbox", cx.db.insertInto("outbox").values(events.map(outboxRow)))
})

export const auditTable = (cx: TxContext): Tx["audit"] => ({
  append: (entries) =>
    entries.length === 0
      ? Effect.void
      : cx.write("audit.append", "audit", cx.db.insertInto("audit").values(entries.map(auditRow))),
  list: (groupId, page) =>
    page.limit <= 0 ? Effect.succeed([]) : cx.rows(
      "audit.list",
      cx.db.selectFrom("audit").select(COLUMNS.audit).where("group_id", "=", groupId)
        .$if(page.before !== null, (q) => q.where("position", "<", page.before!))
        .orderBy("position", "desc").limit(page.limit),
      false
    ).pipe(Effect.map((rows) => rows.map((row) => positioned(row.position, auditEntryOf(row)))))
})

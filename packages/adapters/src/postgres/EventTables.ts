/**
 * R50, R51: the outbox and the audit trail, written by the same transaction
 * as the change they record, so they commit or vanish with it. Several rows
 * go in one statement; identity values follow the order of the rows given.
 */
import { Effect } from "effect"
import type { Tx } from "@corporate-groups/domain"
import { auditEntryOf, auditRow, outboxRow, positioned } from "./Rows.js"
import { COLUMNS } from "./Database.js"
import { type Arguments, rowOf, template } from "./Template.js"
import type { TxContext } from "./TxContext.js"

// A change records one event and one audit entry: those statements are compiled once (Template.ts).
const OUTBOX_VALUES = ["event_id", "type", "group_id", "at", "actor", "target", "payload"] as const
const oneEvent = template((db, arg: Arguments<ReturnType<typeof outboxRow>>) =>
  db.insertInto("outbox").values(rowOf(arg, OUTBOX_VALUES)))
const AUDIT_VALUES = ["id", "group_id", "at", "actor", "action", "target"] as const
const oneEntry = template((db, arg: Arguments<ReturnType<typeof auditRow>>) =>
  db.insertInto("audit").values(rowOf(arg, AUDIT_VALUES)))

export const outboxTable = (cx: TxContext): Tx["outbox"] => ({
  append: (events) =>
    events.length === 0
      ? Effect.void
      : cx.write(
        "outbox.append",
        "outbox",
        events.length === 1 ? oneEvent(cx.db, outboxRow(events[0]!)) : cx.db.insertInto("outbox").values(events.map(outboxRow))
      )
})

export const auditTable = (cx: TxContext): Tx["audit"] => ({
  append: (entries) =>
    entries.length === 0
      ? Effect.void
      : cx.write(
        "audit.append",
        "audit",
        entries.length === 1 ? oneEntry(cx.db, auditRow(entries[0]!)) : cx.db.insertInto("audit").values(entries.map(auditRow))
      ),
  list: (groupId, page) =>
    page.limit <= 0 ? Effect.succeed([]) : cx.rows(
      "audit.list",
      cx.db.selectFrom("audit").select(COLUMNS.audit).where("group_id", "=", groupId)
        .$if(page.before !== null, (q) => q.where("position", "<", page.before!))
        .orderBy("position", "desc").limit(page.limit),
      false
    ).pipe(Effect.map((rows) => rows.map((row) => positioned(row.position, auditEntryOf(row)))))
})

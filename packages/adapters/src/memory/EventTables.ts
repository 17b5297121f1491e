/**
 * R50, R51: the outbox and the audit trail of a memory transaction. They are
 * written in the same working copy as the change itself, so they commit or
 * vanish with it; audit entries get a store-assigned `position`.
 */
import { Chunk, HashMap, HashSet, Option } from "effect"
import type { Tx } from "@corporate-groups/domain"
import { violated } from "./ConstraintViolation.js"
import { newestFirst } from "./NewestFirst.js"
import type { StoreState } from "./StoreState.js"
import { read, type Working, write } from "./Working.js"

export const outboxTable = (w: Working): Tx["outbox"] => ({
  append: (events) =>
    write(w, (s) => {
      let ids = s.outboxIds
      for (const event of events) {
        if (HashSet.has(ids, event.id)) violated("outbox_pkey", `event ${event.id} exists`)
        ids = HashSet.add(ids, event.id)
      }
      return { ...s, outbox: Chunk.appendAll(s.outbox, Chunk.fromIterable(events)), outboxIds: ids }
    })
})

export const auditTable = (w: Working): Tx["audit"] => ({
  append: (entries) =>
    write(w, (s): StoreState => {
      let next = s
      for (const entry of entries) {
        if (HashSet.has(next.auditIds, entry.id)) violated("audit_pkey", `audit entry ${entry.id} exists`)
        const trail = Option.getOrElse(HashMap.get(next.auditByGroup, entry.groupId), () => [])
        next = {
          ...next,
          auditByGroup: HashMap.set(next.auditByGroup, entry.groupId, [...trail, { position: next.nextPosition, item: entry }]),
          auditIds: HashSet.add(next.auditIds, entry.id),
          nextPosition: next.nextPosition + 1
        }
      }
      return next
    }),
  list: (groupId, page) =>
    read(w, (s) => newestFirst(Option.getOrElse(HashMap.get(s.auditByGroup, groupId), () => []), page))
})

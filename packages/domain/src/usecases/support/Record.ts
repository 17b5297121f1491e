/**
 * R50, R51: how a use case records a change. One call appends its domain
 * events to the outbox and, when the change is in a group and made by an
 * account, one audit entry named after the main event (the first one), all in
 * the transaction `tx` that makes the change.
 */
import { DateTime, Effect } from "effect"
import type { AccountRef } from "../../model/Accounts.js"
import { auditAction, type DomainEvent, type EventType, type Target } from "../../model/Events.js"
import type { Entropy } from "../../ports/Entropy.js"
import type { Tx } from "../../ports/Store.js"
import type { EventId, GroupId } from "../../values/Ids.js"
import { newId } from "./NewId.js"

export interface Change {
  readonly type: EventType
  readonly groupId: GroupId | null
  readonly actor: AccountRef | null
  readonly target: Target | null
  readonly payload?: Readonly<Record<string, unknown>>
}

export const record = (tx: Tx, main: Change, ...more: ReadonlyArray<Change>): Effect.Effect<void, never, Entropy> =>
  Effect.gen(function*() {
    const at = yield* DateTime.now
    const events: Array<DomainEvent> = []
    for (const change of [main, ...more]) {
      events.push({
        id: yield* newId<EventId>(),
        type: change.type,
        groupId: change.groupId,
        at,
        actor: change.actor,
        target: change.target,
        payload: change.payload ?? {}
      })
    }
    yield* tx.outbox.append(events)
    const first = events[0]!
    if (first.groupId !== null && first.actor !== null) {
      yield* tx.audit.append([{
        id: first.id,
        groupId: first.groupId,
        at: first.at,
        actor: first.actor,
        action: auditAction(first.type),
        target: first.target
      }])
    }
  })

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

/** Builds the events of `changes`, all at the same instant, and appends them to the outbox. */
const appendToOutbox = Effect.fnUntraced(function*(tx: Tx, changes: ReadonlyArray<Change>) {
  const at = yield* DateTime.now
  const events: Array<DomainEvent> = []
  for (const change of changes) {
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
  return events
})

export const record = (tx: Tx, main: Change, ...more: ReadonlyArray<Change>): Effect.Effect<void, never, Entropy> =>
  Effect.gen(function*() {
    const [first] = yield* appendToOutbox(tx, [main, ...more])
    if (first !== undefined && first.groupId !== null && first.actor !== null) {
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

/**
 * R50: events that are not an audited change of their own (the invoice a
 * top-up issues before charging: the top-up is audited when its charge ends),
 * appended to the outbox in `tx` without an audit entry.
 */
export const appendEvents = (tx: Tx, changes: ReadonlyArray<Change>): Effect.Effect<void, never, Entropy> =>
  changes.length === 0 ? Effect.void : Effect.asVoid(appendToOutbox(tx, changes))

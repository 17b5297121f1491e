/**
 * R14: a user leaves their group by themself (DELETE /v1/me/group). The
 * account stays, the seat frees at once, the tariff falls back to Free (it is
 * derived, R32) and the address book drops them. No group: `not-a-member`.
 */
import { Effect, Option } from "effect"
import { NotAMember } from "../errors/DomainErrors.js"
import { Store } from "../ports/Store.js"
import { decideLeave } from "../rules/Membership.js"
import { loadGroup } from "./support/LoadGroup.js"
import type { UserPrincipal } from "./support/Principal.js"
import { record } from "./support/Record.js"

export const leaveGroup = Effect.fn("leaveGroup")(function*(principal: UserPrincipal) {
  const { userId } = principal
  yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    // Lock order everywhere: the group row first, then the membership row. The
    // membership is read unlocked only to learn which group to lock.
    const seen = yield* tx.memberships.findByUser(userId)
    if (Option.isNone(seen)) return yield* new NotAMember()
    const group = yield* loadGroup(tx, seen.value.groupId, { lock: true })
    // Re-read under the lock: if the user left (and maybe joined another group)
    // meanwhile, they were not a member of this one at some moment of this
    // request, and `decideLeave` answers `not-a-member`.
    const membership = yield* tx.memberships.findByUser(userId, { lock: true })
    const released = yield* decideLeave(group, membership)
    yield* tx.groups.update(released)
    yield* tx.memberships.delete(userId)
    yield* record(tx, {
      type: "MemberLeft",
      groupId: group.id,
      actor: { kind: "user", id: userId },
      target: { kind: "user", id: userId },
      payload: { groupId: group.id, userId }
    })
  }))
})

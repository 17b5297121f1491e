/**
 * R14: the admin removes a member of their group
 * (DELETE /v1/admin/members/{userId}). The account stays, the seat frees, the
 * member's tariff falls back to Free (derived, R32) and the address book drops
 * them. A malformed id, an unknown user, or a user who is not a member of the
 * admin's group is `not-found` (API.md §3: another group's object is 404).
 */
import { Effect, Option, Schema } from "effect"
import { NotFound } from "../errors/DomainErrors.js"
import { Store } from "../ports/Store.js"
import { decideRemove } from "../rules/Membership.js"
import { UserId } from "../values/Ids.js"
import { loadGroup } from "./support/LoadGroup.js"
import { actorOf, type AdminPrincipal } from "./support/Principal.js"
import { record } from "./support/Record.js"

const decodeUserId = Schema.decodeUnknownOption(UserId)

/** `userId` is the path parameter as received (any value). */
export const removeMember = Effect.fn("removeMember")(function*(principal: AdminPrincipal, userId: unknown) {
  const id = decodeUserId(userId)
  if (Option.isNone(id)) return yield* new NotFound({ resource: "member" })
  const memberId = id.value
  yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    // Lock order everywhere: the group row first, then the membership row.
    const group = yield* loadGroup(tx, principal.groupId, { lock: true })
    const membership = yield* tx.memberships.findByUser(memberId, { lock: true })
    const released = yield* decideRemove(group, membership)
    yield* tx.groups.update(released)
    yield* tx.memberships.delete(memberId)
    yield* record(tx, {
      type: "MemberRemoved",
      groupId: group.id,
      actor: actorOf(principal),
      target: { kind: "user", id: memberId },
      payload: { groupId: group.id, userId: memberId }
    })
  }))
})

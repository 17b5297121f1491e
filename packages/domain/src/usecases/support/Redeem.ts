/**
 * R12: the one redemption behind both places a code is used: at registration
 * (inside the registration's transaction, so a bad code or a full group
 * creates nothing) and by a signed-in user.
 */
import { DateTime, Effect } from "effect"
import { DomainConfig } from "../../config/DomainConfig.js"
import type { Group } from "../../model/Group.js"
import type { Tx } from "../../ports/Store.js"
import { decideJoin } from "../../rules/Membership.js"
import type { UserId } from "../../values/Ids.js"
import { record } from "./Record.js"

export const redeemIn = Effect.fnUntraced(function*(tx: Tx, userId: UserId, codeLookupHash: string) {
  const config = yield* DomainConfig
  const now = yield* DateTime.now
  // Lock order everywhere: the group row first, then the membership row. The two
  // reads are asked for at once, in that order: a store sends them in one round
  // trip, and the server runs them in the order they were sent (Store.ts).
  const [group, membership] = yield* Effect.all([
    tx.groups.findByCodeHash(codeLookupHash, { lock: true }),
    tx.memberships.findByUser(userId, { lock: true })
  ], { concurrency: "unbounded" })
  const joined = yield* decideJoin({ group, membership, userId, now, grace: config.gracePeriod })
  yield* tx.groups.update(joined.group)
  yield* tx.memberships.insert(joined.membership)
  yield* record(tx, {
    type: "MemberJoined",
    groupId: joined.group.id,
    actor: { kind: "user", id: userId },
    target: { kind: "user", id: userId },
    payload: { groupId: joined.group.id, userId }
  })
  return joined.group satisfies Group
})

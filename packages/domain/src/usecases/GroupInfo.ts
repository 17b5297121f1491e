/** R17: *Group info* in the admin cabinet (GET /v1/admin/group). */
import { Effect } from "effect"
import { Store } from "../ports/Store.js"
import { groupInfoIn } from "./support/GroupView.js"
import { loadGroup } from "./support/LoadGroup.js"
import type { AdminPrincipal } from "./support/Principal.js"

export const groupInfo = Effect.fn("groupInfo")(function*(principal: AdminPrincipal) {
  return yield* (yield* Store).transaction((tx) =>
    Effect.flatMap(loadGroup(tx, principal.groupId), (group) => groupInfoIn(tx, group))
  )
})

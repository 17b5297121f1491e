/**
 * R17: the admin edits the group (PATCH /v1/admin/group): its name, 1–100
 * characters after trimming. Answers the new group info. Setting the name it
 * already has changes nothing and records nothing.
 */
import { Effect, Schema } from "effect"
import { Store } from "../ports/Store.js"
import { GroupName } from "../values/GroupName.js"
import { decodeInput } from "../values/Validation.js"
import { groupInfoIn } from "./support/GroupView.js"
import { loadGroup } from "./support/LoadGroup.js"
import { actorOf, type AdminPrincipal } from "./support/Principal.js"
import { record } from "./support/Record.js"

export const EditGroupInput = Schema.Struct({ name: GroupName })
export type EditGroupInput = typeof EditGroupInput.Type

const decode = decodeInput(EditGroupInput)

export const editGroup = Effect.fn("editGroup")(function*(principal: AdminPrincipal, input: unknown) {
  const { name } = yield* decode(input)
  return yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    const group = yield* loadGroup(tx, principal.groupId, { lock: true })
    if (group.name === name) return yield* groupInfoIn(tx, group)
    const renamed = { ...group, name }
    yield* tx.groups.update(renamed)
    yield* record(tx, {
      type: "GroupRenamed",
      groupId: group.id,
      actor: actorOf(principal),
      target: { kind: "group", id: group.id },
      payload: { groupId: group.id, name, previousName: group.name }
    })
    return yield* groupInfoIn(tx, renamed)
  }))
})

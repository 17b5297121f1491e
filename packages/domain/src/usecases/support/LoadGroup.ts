/**
 * The group a use case works on, by id. An admin's group always exists (R4:
 * an admin exists only with its group), so a missing one is reported as
 * `not-found` rather than trusted.
 */
import { Effect, Option } from "effect"
import { NotFound } from "../../errors/DomainErrors.js"
import type { Group } from "../../model/Group.js"
import type { LockOption, Tx } from "../../ports/Store.js"
import type { GroupId } from "../../values/Ids.js"

export const loadGroup = (tx: Tx, groupId: GroupId, options?: LockOption): Effect.Effect<Group, NotFound> =>
  Effect.flatMap(
    tx.groups.get(groupId, options),
    Option.match({
      onNone: () => Effect.fail(new NotFound({ resource: "group" })),
      onSome: Effect.succeed
    })
  )

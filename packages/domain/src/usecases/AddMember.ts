/**
 * R13: the admin creates a User directly into their group (*Users → Add user*),
 * with the same fields and checks as R2 (no corporate code). The new member
 * takes a seat; when the group is full or suspended nothing is created.
 */
import { DateTime, Effect, Option } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { NotFound } from "../errors/DomainErrors.js"
import { Store } from "../ports/Store.js"
import { admit } from "../rules/Membership.js"
import { DEFAULT_SERVICE_DOMAIN } from "../values/TrueconfId.js"
import { decodeRegistration, ensureUnique, newUserInput, prepareUser, registeredPayload } from "./support/NewUser.js"
import { actorOf, type AdminPrincipal } from "./support/Principal.js"
import { userView } from "./support/Profile.js"
import { record } from "./support/Record.js"

/** The body of `POST /v1/admin/members` for a service domain; unknown fields (a `corporateCode`) are ignored. */
export const addMemberInput = newUserInput

/** The body of `POST /v1/admin/members` on the default service domain, for documentation. */
export const AddMemberInput = addMemberInput(DEFAULT_SERVICE_DOMAIN)

export const addMember = Effect.fn("addMember")(function*(principal: AdminPrincipal, input: unknown) {
  const config = yield* DomainConfig
  const fields = yield* decodeRegistration(addMemberInput(config.serviceDomain))(input)
  const user = yield* prepareUser(fields)
  const joinedAt = yield* (yield* Store).transaction((tx) =>
    Effect.gen(function*() {
      // Lock order: the group row first (R11: its member count decides the seat).
      const group = yield* tx.groups.get(principal.groupId, { lock: true })
      if (Option.isNone(group)) return yield* new NotFound({ resource: "group" })
      // R2 order: uniqueness before the group's rules.
      yield* ensureUnique(tx, user)
      const joined = yield* admit(group.value, {
        membership: Option.none(),
        userId: user.id,
        now: yield* DateTime.now,
        grace: config.gracePeriod
      })
      yield* tx.users.insert(user)
      yield* tx.groups.update(joined.group)
      yield* tx.memberships.insert(joined.membership)
      const actor = actorOf(principal)
      const target = { kind: "user", id: user.id } as const
      yield* record(
        tx,
        {
          type: "MemberJoined",
          groupId: joined.group.id,
          actor,
          target,
          payload: { groupId: joined.group.id, userId: user.id, addedBy: principal.adminId }
        },
        {
          type: "UserRegistered",
          groupId: joined.group.id,
          actor,
          target,
          payload: registeredPayload(user, "admin")
        }
      )
      return joined.membership.joinedAt
    })
  )
  return { ...userView(user), joinedAt }
})

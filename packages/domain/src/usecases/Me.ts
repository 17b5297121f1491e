/**
 * `GET /v1/me` and `PATCH /v1/me`: a User's own profile, with their effective
 * tariff (R32) and group. A PATCH changes any of the profile fields (all
 * optional; unknown fields ignored), every bad field reported at once. The
 * TrueConf ID, the email and the password are not changed here: sent back
 * unchanged (a client may PATCH what it read) they are accepted, sent with
 * another value they are a validation failure naming the field; the password
 * has its own route (R5).
 */
import { Effect, Option, Schema } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { Unauthenticated, type ValidationFailed } from "../errors/DomainErrors.js"
import type { User, UserProfile } from "../model/Accounts.js"
import type { Group } from "../model/Group.js"
import { Store } from "../ports/Store.js"
import { Country } from "../values/Country.js"
import { Email } from "../values/Email.js"
import { Language } from "../values/Language.js"
import { PersonName } from "../values/PersonName.js"
import { trueconfIdSchema } from "../values/TrueconfId.js"
import { decodeInput, invalid, mergeValidation } from "../values/Validation.js"
import { rawField } from "./support/Input.js"
import type { UserPrincipal } from "./support/Principal.js"
import { groupOf, groupRef, tariffOf, userView } from "./support/Profile.js"
import { record } from "./support/Record.js"

/** The body of `PATCH /v1/me`: the profile fields of R2, each optional. */
export const UpdateMeInput = Schema.Struct({
  firstName: Schema.optionalKey(PersonName),
  lastName: Schema.optionalKey(PersonName),
  country: Schema.optionalKey(Country),
  language: Schema.optionalKey(Language),
  productNews: Schema.optionalKey(Schema.Boolean),
  researchBulletin: Schema.optionalKey(Schema.Boolean)
})

const PROFILE_FIELDS = [
  "firstName",
  "lastName",
  "country",
  "language",
  "productNews",
  "researchBulletin"
] as const satisfies ReadonlyArray<keyof UserProfile>

const profileOf = Effect.fnUntraced(function*(user: User, group: Group | null) {
  return { ...userView(user), tariff: yield* tariffOf(group), group: groupRef(group) }
})

export const getMe = Effect.fn("getMe")(function*(principal: UserPrincipal) {
  const { group, user } = yield* (yield* Store).transaction((tx) =>
    Effect.gen(function*() {
      const found = yield* tx.users.get(principal.userId)
      if (Option.isNone(found)) return yield* new Unauthenticated()
      return { user: found.value, group: yield* groupOf(tx, principal.userId) }
    })
  )
  return yield* profileOf(user, group)
})

/** The read-only fields: accepted when they repeat the stored value, refused otherwise. */
const unchangedReadOnly = (input: unknown, user: User, serviceDomain: string): Effect.Effect<void, ValidationFailed> => {
  const same = <S extends Schema.ConstraintDecoder<unknown>>(schema: S, key: string, stored: string) => {
    const value = rawField(input, key)
    if (value === undefined) return Effect.void
    const decoded = Schema.decodeUnknownOption(schema)(value)
    return Option.isSome(decoded) && decoded.value === stored
      ? Effect.void
      : Effect.fail(invalid(key, "cannot be changed"))
  }
  return mergeValidation(
    same(trueconfIdSchema(serviceDomain), "trueconfId", user.trueconfId),
    same(Email, "email", user.email),
    rawField(input, "password") === undefined
      ? Effect.void
      : Effect.fail(invalid("password", "cannot be changed here; change it with the current password"))
  )
}

export const updateMe = Effect.fn("updateMe")(function*(principal: UserPrincipal, input: unknown) {
  const config = yield* DomainConfig
  const { group, user } = yield* (yield* Store).transaction((tx) =>
    Effect.gen(function*() {
      const found = yield* tx.users.get(principal.userId, { lock: true })
      if (Option.isNone(found)) return yield* new Unauthenticated()
      const current = found.value
      const [changes] = yield* mergeValidation(
        decodeInput(UpdateMeInput)(input),
        unchangedReadOnly(input, current, config.serviceDomain)
      )
      const changed = PROFILE_FIELDS.filter((field) => changes[field] !== undefined && changes[field] !== current[field])
      const updated: User = { ...current, ...changes }
      if (changed.length > 0) {
        yield* tx.users.update(updated)
        // A profile is no change of a group (the address book reads names as they are): not audited.
        yield* record(tx, {
          type: "UserProfileChanged",
          groupId: null,
          actor: { kind: "user", id: current.id },
          target: { kind: "user", id: current.id },
          payload: { fields: changed }
        })
      }
      return { user: updated, group: yield* groupOf(tx, principal.userId) }
    })
  )
  return yield* profileOf(user, group)
})

/**
 * How a User is shown (API.md *Shapes*), and what a User's effective tariff and
 * group are (R32), shared by registration, the admin's *Add user*, `/v1/me` and
 * conference permits.
 */
import { DateTime, Effect, Option } from "effect"
import { DomainConfig } from "../../config/DomainConfig.js"
import type { Tariff } from "../../config/Tariffs.js"
import type { User } from "../../model/Accounts.js"
import type { Group } from "../../model/Group.js"
import type { Tx } from "../../ports/Store.js"
import { effectiveTariff } from "../../rules/EffectiveTariff.js"
import type { GroupId, UserId } from "../../values/Ids.js"

/** A user as API.md shows it: never the password hash. */
export interface UserView {
  readonly id: UserId
  readonly trueconfId: User["trueconfId"]
  readonly email: User["email"]
  readonly firstName: User["firstName"]
  readonly lastName: User["lastName"]
  readonly country: User["country"]
  readonly language: User["language"]
  readonly productNews: boolean
  readonly researchBulletin: boolean
}

export const userView = (user: User): UserView => ({
  id: user.id,
  trueconfId: user.trueconfId,
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  country: user.country,
  language: user.language,
  productNews: user.productNews,
  researchBulletin: user.researchBulletin
})

/** `group` on a User: null or `{ id, name }`. */
export interface GroupRef {
  readonly id: GroupId
  readonly name: Group["name"]
}

export const groupRef = (group: Group | null): GroupRef | null =>
  group === null ? null : { id: group.id, name: group.name }

/** The group the user is a member of, if any, read in `tx`. */
export const groupOf = Effect.fnUntraced(function*(tx: Tx, userId: UserId) {
  const membership = yield* tx.memberships.findByUser(userId)
  if (Option.isNone(membership)) return null
  return Option.getOrNull(yield* tx.groups.get(membership.value.groupId))
})

/** R32: the tariff a member of `group` (or of none) has now. */
export const tariffOf = Effect.fnUntraced(function*(group: Group | null) {
  const config = yield* DomainConfig
  return effectiveTariff(group, yield* DateTime.now, config.gracePeriod, config.tariffs) satisfies Tariff
})

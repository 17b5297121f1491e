/**
 * R1: the two account kinds are distinct types. The `kind` literal and the
 * branded id make it impossible to pass a GroupAdmin where a User is expected
 * (and the reverse) without the compiler noticing.
 */
import type { DateTime } from "effect"
import type { Country } from "../values/Country.js"
import type { Email } from "../values/Email.js"
import type { GroupAdminId, GroupId, UserId } from "../values/Ids.js"
import type { Language } from "../values/Language.js"
import type { PersonName } from "../values/PersonName.js"
import type { TrueconfId } from "../values/TrueconfId.js"

/** A self-describing password hash (R5), e.g. `scrypt$…`; never the password. */
export type PasswordHash = string & { readonly PasswordHash: unique symbol }

export interface UserProfile {
  readonly firstName: PersonName
  readonly lastName: PersonName
  readonly country: Country
  readonly language: Language
  readonly productNews: boolean
  readonly researchBulletin: boolean
}

export interface User extends UserProfile {
  readonly kind: "user"
  readonly id: UserId
  readonly trueconfId: TrueconfId
  readonly email: Email
  readonly passwordHash: PasswordHash
  readonly createdAt: DateTime.Utc
}

export interface GroupAdmin {
  readonly kind: "group-admin"
  readonly id: GroupAdminId
  /** R4: an admin exists only together with its group. */
  readonly groupId: GroupId
  readonly email: Email
  readonly passwordHash: PasswordHash
  readonly createdAt: DateTime.Utc
}

export type Account = User | GroupAdmin
export type AccountKind = Account["kind"]

/** Who did something, as the audit trail and sessions record it. */
export interface AccountRef {
  readonly kind: AccountKind
  readonly id: string
}

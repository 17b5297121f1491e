/** R10: at most one membership per user. */
import type { DateTime } from "effect"
import type { GroupId, UserId } from "../values/Ids.js"
import type { User } from "./Accounts.js"

export interface Membership {
  readonly userId: UserId
  readonly groupId: GroupId
  readonly joinedAt: DateTime.Utc
}

/** A member as the address book and the admin's Users list read it (R16). */
export interface Member {
  readonly user: User
  readonly joinedAt: DateTime.Utc
}

/**
 * A corporate group as stored. Its status is *not* stored: R41 derives it from
 * the clock and the paid-through date (see rules/GroupStatus.ts).
 */
import type { DateTime } from "effect"
import type { CorporateCode } from "../values/CorporateCode.js"
import type { GroupName } from "../values/GroupName.js"
import type { GroupId } from "../values/Ids.js"
import type { Money } from "../values/Money.js"

/**
 * R15: the code as kept at rest. `lookupHash` is a keyed hash used to find the
 * group by a redeemed code; `sealed` is the code encrypted with a server key,
 * opened only to show it in *Group info*.
 */
export interface StoredCode {
  readonly lookupHash: string
  readonly sealed: string
}

export interface Group {
  readonly id: GroupId
  readonly name: GroupName
  /** R11: paid seats; `members` never exceeds it. */
  readonly seats: number
  /** The number of memberships, kept as a counter so no read counts rows. */
  readonly members: number
  /** R41, R42: null until the first invoice is paid. */
  readonly paidThrough: DateTime.Utc | null
  readonly code: StoredCode
  /** R45: the prepaid balance for calls to phones, never negative. */
  readonly phoneBalance: Money
  readonly createdAt: DateTime.Utc
}

/** The code in clear, only while it is being issued or shown. */
export type ClearCode = CorporateCode

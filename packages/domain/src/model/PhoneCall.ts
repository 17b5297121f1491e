/** R45: a finished call of a member to a phone number, debited from the group's balance. */
import type { DateTime } from "effect"
import type { GroupId, PhoneCallId, UserId } from "../values/Ids.js"
import type { Money } from "../values/Money.js"
import type { PhoneNumber } from "../values/PhoneNumber.js"

export interface PhoneCall {
  readonly id: PhoneCallId
  readonly groupId: GroupId
  readonly userId: UserId
  readonly phoneNumber: PhoneNumber
  readonly minutes: number
  readonly cost: Money
  readonly at: DateTime.Utc
}

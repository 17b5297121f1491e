/**
 * R45: a member's finished call to a phone number is recorded and debited
 * from the group's prepaid balance (POST /v1/me/phone-calls, body
 * `{ phoneNumber, minutes }`): 201 `{ call, balance }`.
 *
 * The number is E.164, the minutes whole and at least 1; the cost is
 * minutes × the per-minute rate (configuration), in the group's currency.
 * Any member may record a call whatever the group's status; a user with no
 * group is `not-a-member`; a call the balance cannot cover is
 * `insufficient-balance` (the balance never goes below zero). The cost is
 * compared as BigInt, so no number of minutes overflows.
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { InsufficientBalance, NotAMember } from "../errors/DomainErrors.js"
import type { PhoneCall } from "../model/PhoneCall.js"
import { Store } from "../ports/Store.js"
import type { PhoneCallId } from "../values/Ids.js"
import { money } from "../values/Money.js"
import { PhoneNumber } from "../values/PhoneNumber.js"
import { decodeInput } from "../values/Validation.js"
import { loadGroup } from "./support/LoadGroup.js"
import { newId } from "./support/NewId.js"
import type { UserPrincipal } from "./support/Principal.js"
import { record } from "./support/Record.js"
import { toMoneyView, toPhoneCallView } from "./support/Views.js"

export const CallMinutes = Schema.Int.pipe(
  Schema.check(Schema.isBetween({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }, {
    message: "must be a whole number of minutes, at least 1"
  }))
)

export const RecordPhoneCallInput = Schema.Struct({ phoneNumber: PhoneNumber, minutes: CallMinutes })
export type RecordPhoneCallInput = typeof RecordPhoneCallInput.Type

const decode = decodeInput(RecordPhoneCallInput)

export const recordPhoneCall = Effect.fn("recordPhoneCall")(function*(principal: UserPrincipal, input: unknown) {
  const { minutes, phoneNumber } = yield* decode(input)
  const config = yield* DomainConfig
  const callId = yield* newId<PhoneCallId>()
  return yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    const now = yield* DateTime.now
    const membership = yield* tx.memberships.findByUser(principal.userId)
    if (Option.isNone(membership)) return yield* new NotAMember()
    const group = yield* loadGroup(tx, membership.value.groupId, { lock: true })
    const cost = BigInt(minutes) * BigInt(config.phoneRatePerMinute)
    if (cost > BigInt(group.phoneBalance.amount)) return yield* new InsufficientBalance()
    const currency = group.phoneBalance.currency
    const balance = money(group.phoneBalance.amount - Number(cost), currency)
    const call: PhoneCall = {
      id: callId,
      groupId: group.id,
      userId: principal.userId,
      phoneNumber,
      minutes,
      cost: money(Number(cost), currency),
      at: now
    }
    yield* tx.phoneCalls.insert(call)
    yield* tx.groups.update({ ...group, phoneBalance: balance })
    yield* record(tx, {
      type: "PhoneCallRecorded",
      groupId: group.id,
      actor: { kind: "user", id: principal.userId },
      target: { kind: "phone-call", id: call.id },
      payload: {
        callId: call.id,
        userId: principal.userId,
        phoneNumber,
        minutes,
        cost: toMoneyView(call.cost),
        balance: toMoneyView(balance)
      }
    })
    return { call: toPhoneCallView(call), balance: toMoneyView(balance) }
  }))
})

/**
 * R45: the phone balance, its top-ups through the payment port, and calls
 * debited from it.
 */
import {
  addMember,
  auditTrail,
  getInvoice,
  phoneBalance,
  recordPhoneCall,
  registerUser,
  topUpPhoneBalance,
  type UserPrincipal
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { ContractTarget } from "../Target.js"
import { fieldsOf, key, memberInput, setUp } from "./BillingFixtures.js"
import { client, SESSION, worldOf } from "./Fixtures.js"

export const phoneSuite = (target: ContractTarget) =>
  describe(`phone balance and calls on ${target.name}`, () => {
    const world = worldOf(target)

    describe("R45: phone balance and calls", () => {
      it.effect("R45: the balance and rate; a top-up is an invoice paid through the payment port", () =>
        world(Effect.gen(function*() {
          const { admin } = yield* setUp()
          expect(yield* phoneBalance(admin)).toEqual({
            balance: { amount: 0, currency: "RUB" },
            ratePerMinute: { amount: 300, currency: "RUB" }
          })
          const k = key()
          const body = { amount: { amount: 1000, currency: "RUB" }, paymentMethod: "tok_visa" }
          const topped = yield* topUpPhoneBalance(admin, body, k)
          expect(topped.balance).toEqual({ amount: 1000, currency: "RUB" })
          expect(topped.payment.status).toBe("succeeded")
          expect(topped.invoice).toMatchObject({ kind: "phone-top-up", status: "paid", seats: 0, periodStart: null, periodEnd: null })
          // Replayed, not charged again.
          const again = yield* topUpPhoneBalance(admin, { paymentMethod: "tok_visa", amount: { currency: "RUB", amount: 1000 } }, k)
          expect(again.payment.id).toBe(topped.payment.id)
          expect((yield* phoneBalance(admin)).balance.amount).toBe(1000)
          expect((yield* auditTrail(admin, {})).items[0]!.action).toBe("phone-balance-topped-up")
        })))

      it.effect("R45: a declined top-up voids its invoice and leaves the balance; bad currency and amount are validation", () =>
        world(Effect.gen(function*() {
          const { admin } = yield* setUp()
          const declined = yield* Effect.flip(
            topUpPhoneBalance(admin, { amount: { amount: 500, currency: "RUB" }, paymentMethod: "tok_chargeDeclined" }, key())
          )
          expect(declined._tag).toBe("payment-declined")
          if (declined._tag === "payment-declined") {
            expect((yield* getInvoice(admin, declined.invoiceId)).status).toBe("void")
          }
          expect((yield* phoneBalance(admin)).balance.amount).toBe(0)
          const currency = yield* Effect.flip(
            topUpPhoneBalance(admin, { amount: { amount: 500, currency: "USD" }, paymentMethod: "tok_visa" }, key())
          )
          expect(fieldsOf(currency)).toEqual(["amount.currency"])
          const zero = yield* Effect.flip(
            topUpPhoneBalance(admin, { amount: { amount: 0, currency: "RUB" }, paymentMethod: "tok_visa" }, key())
          )
          expect(fieldsOf(zero)).toEqual(["amount.amount"])
          expect((yield* Effect.flip(
            topUpPhoneBalance(admin, { amount: { amount: 5, currency: "RUB" }, paymentMethod: "tok_visa" }, undefined)
          ))._tag).toBe("idempotency-key-required")
        })))

      it.effect("R45: a member's call is debited at the rate; not-a-member; insufficient-balance; any status", () =>
        world(Effect.gen(function*() {
          const { admin } = yield* setUp()
          const member = yield* addMember(admin, memberInput())
          const user: UserPrincipal = { kind: "user", userId: member.id, sessionId: SESSION }
          const outsider = yield* registerUser(memberInput(), client)
          const stranger: UserPrincipal = { kind: "user", userId: outsider.user.id, sessionId: SESSION }
          expect((yield* Effect.flip(recordPhoneCall(stranger, { phoneNumber: "+74951234567", minutes: 1 })))._tag)
            .toBe("not-a-member")
          expect((yield* Effect.flip(recordPhoneCall(user, { phoneNumber: "+74951234567", minutes: 1 })))._tag)
            .toBe("insufficient-balance")
          yield* topUpPhoneBalance(admin, { amount: { amount: 1000, currency: "RUB" }, paymentMethod: "tok_visa" }, key())
          // The group is still pending payment: calls are recorded whatever its status.
          const { balance, call } = yield* recordPhoneCall(user, { phoneNumber: "+74951234567", minutes: 3 })
          expect(call.cost).toEqual({ amount: 900, currency: "RUB" })
          expect(call.minutes).toBe(3)
          expect(call.phoneNumber).toBe("+74951234567")
          expect(balance).toEqual({ amount: 100, currency: "RUB" })
          expect((yield* Effect.flip(recordPhoneCall(user, { phoneNumber: "+74951234567", minutes: 1 })))._tag)
            .toBe("insufficient-balance")
          expect((yield* phoneBalance(admin)).balance.amount).toBe(100)
          const invalid = yield* Effect.flip(recordPhoneCall(user, { phoneNumber: "12345", minutes: 1.5 }))
          expect(fieldsOf(invalid).toSorted()).toEqual(["minutes", "phoneNumber"])
          const audit = yield* auditTrail(admin, {})
          expect(audit.items[0]).toMatchObject({ action: "phone-call-recorded", actor: { kind: "user", id: member.id } })
        })))
    })
  })

/**
 * R42, R44: paying an invoice through the payment port: idempotency keys,
 * declines, an unavailable gateway, stale claims and races between payments.
 */
import { SimulatedGatewayControl } from "@corporate-groups/adapters"
import {
  auditTrail,
  getInvoice,
  groupInfo,
  listPayments,
  payInvoice,
  topUpPhoneBalance
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { StateInspector } from "../../StateInspector.js"
import type { ContractTarget } from "../Target.js"
import { DAY, DECLINED, fieldsOf, key, ms, payFirst, PRICE, setUp, VISA } from "./BillingFixtures.js"
import { advance, worldOf } from "./Fixtures.js"

export const paymentsSuite = (target: ContractTarget) =>
  describe(`payments on ${target.name}`, () => {
    const world = worldOf(target)

    describe("R44: paying an invoice", () => {
      it.effect("R42: paying the first invoice makes the group active until its period ends", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(3)
          yield* advance("1 day")
          const { invoice, payment } = yield* payInvoice(admin, registered.invoice.id, VISA, key())
          expect(payment.status).toBe("succeeded")
          expect(payment.amount).toEqual({ amount: 3 * PRICE, currency: "RUB" })
          expect(payment.gatewayReference).toBeTruthy()
          expect(payment.failureReason).toBeNull()
          expect(payment.invoiceId).toBe(registered.invoice.id)
          expect(invoice.status).toBe("paid")
          expect(ms(invoice.paidAt)).toBe(DAY)
          const info = yield* groupInfo(admin)
          expect(info.status).toBe("active")
          expect(ms(info.paidThrough)).toBe(30 * DAY)
          const audit = yield* auditTrail(admin, {})
          expect(audit.items[0]!.action).toBe("payment-succeeded")
        })))

      it.effect("R44: refusals before any charge: key required, unknown method, another group's invoice, not open", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp()
          const other = yield* setUp()
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, undefined)))._tag)
            .toBe("idempotency-key-required")
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, "")))._tag)
            .toBe("idempotency-key-required")
          const method = yield* Effect.flip(payInvoice(admin, registered.invoice.id, { paymentMethod: "tok_bogus" }, key()))
          expect(method._tag).toBe("validation-failed")
          expect(fieldsOf(method)).toEqual(["paymentMethod"])
          expect((yield* Effect.flip(payInvoice(admin, other.registered.invoice.id, VISA, key())))._tag).toBe("not-found")
          expect((yield* Effect.flip(payInvoice(admin, "no-such-invoice", VISA, key())))._tag).toBe("not-found")
          yield* payFirst(admin, registered.invoice.id)
          const inspector = yield* StateInspector
          // Counted, not looked up by key: an adapter may keep keys hashed (Postgres does).
          const keptBefore = (yield* inspector.snapshot).idempotency.length
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, key())))._tag).toBe("invoice-not-open")
          // A refusal keeps nothing under the key: it can be used for another request.
          expect((yield* inspector.snapshot).idempotency).toHaveLength(keptBefore)
          const gateway = yield* SimulatedGatewayControl
          expect(yield* gateway.charges).toHaveLength(1)
        })))

      it.effect("R44: the same key and request replays the first result without charging again", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp()
          const k = key()
          const first = yield* payInvoice(admin, registered.invoice.id, VISA, k)
          const again = yield* payInvoice(admin, registered.invoice.id, { paymentMethod: "tok_visa" }, k)
          expect(again.payment).toEqual(first.payment)
          expect(again.invoice.status).toBe("paid")
          expect(yield* (yield* SimulatedGatewayControl).charges).toHaveLength(1)
          const reuse = yield* Effect.flip(payInvoice(admin, registered.invoice.id, DECLINED, k))
          expect(reuse._tag).toBe("idempotency-key-reuse")
          const payments = yield* listPayments(admin, {})
          expect(payments.items).toHaveLength(1)
        })))

      it.effect("R44: a decline is 402, kept in the history, replayed as a decline; the invoice stays open", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp()
          const k = key()
          const declined = yield* Effect.flip(payInvoice(admin, registered.invoice.id, DECLINED, k))
          expect(declined._tag).toBe("payment-declined")
          const replayed = yield* Effect.flip(payInvoice(admin, registered.invoice.id, DECLINED, k))
          expect(replayed._tag).toBe("payment-declined")
          if (declined._tag === "payment-declined" && replayed._tag === "payment-declined") {
            expect(replayed.paymentId).toBe(declined.paymentId)
            expect(replayed.reason).toBe(declined.reason)
          }
          expect(yield* (yield* SimulatedGatewayControl).charges).toHaveLength(1)
          expect((yield* getInvoice(admin, registered.invoice.id)).status).toBe("open")
          yield* payFirst(admin, registered.invoice.id)
          const history = yield* listPayments(admin, {})
          expect(history.items.map((p) => p.status)).toEqual(["succeeded", "failed"])
          expect(history.items[1]!.failureReason).toBe("card_declined")
          expect(history.items[1]!.gatewayReference).toBeTruthy()
          const audit = yield* auditTrail(admin, {})
          expect(audit.items.map((e) => e.action).slice(0, 2)).toEqual(["payment-succeeded", "payment-failed"])
        })))

      it.effect("R44: the gateway unavailable: `unavailable`, the key in flight, then a retry reuses the charge", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp()
          const gateway = yield* SimulatedGatewayControl
          yield* gateway.failNext(1, { charged: true })
          const k = key()
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, k)))._tag).toBe("unavailable")
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, k)))._tag)
            .toBe("idempotency-key-in-flight")
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, key())))._tag)
            .toBe("invoice-not-open")
          yield* advance("2 minutes")
          const paid = yield* payInvoice(admin, registered.invoice.id, VISA, k)
          expect(paid.invoice.status).toBe("paid")
          // The card was charged once: the retry reused the chargeKey and got the recorded result.
          expect(yield* gateway.charges).toHaveLength(1)
          expect((yield* listPayments(admin, {})).items).toHaveLength(1)
        })))

      it.effect("R44: a stale claim is taken over by another key, repeating the original charge", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp()
          const gateway = yield* SimulatedGatewayControl
          yield* gateway.failNext(1)
          const abandoned = key()
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, abandoned)))._tag).toBe("unavailable")
          yield* advance("2 minutes")
          const taken = yield* payInvoice(admin, registered.invoice.id, DECLINED, key())
          expect(taken.invoice.status).toBe("paid")
          const charges = yield* gateway.charges
          expect(charges.map((c) => c.request.paymentMethod)).toEqual(["tok_visa"])
          expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, abandoned)))._tag)
            .toBe("invoice-not-open")
          expect(yield* gateway.charges).toHaveLength(1)
        })))

      it.effect("R44: two racing payments with different keys charge once; the loser gets invoice-not-open", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp()
          const gateway = yield* SimulatedGatewayControl
          yield* gateway.hold
          const winner = yield* Effect.forkChild(payInvoice(admin, registered.invoice.id, VISA, key()))
          yield* gateway.awaitHeld(1)
          const loser = yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, key()))
          expect(loser._tag).toBe("invoice-not-open")
          yield* gateway.release
          const won = yield* Fiber.join(winner)
          expect(won.invoice.status).toBe("paid")
          expect(yield* gateway.charges).toHaveLength(1)
        })))

      it.effect("R44: the same new key sent twice at once charges once: the second is in flight", () =>
        world(Effect.gen(function*() {
          const { admin } = yield* setUp()
          const gateway = yield* SimulatedGatewayControl
          const k = key()
          const body = { amount: { amount: 700, currency: "RUB" }, paymentMethod: "tok_visa" }
          yield* gateway.hold
          const first = yield* Effect.forkChild(topUpPhoneBalance(admin, body, k))
          yield* gateway.awaitHeld(1)
          expect((yield* Effect.flip(topUpPhoneBalance(admin, body, k)))._tag).toBe("idempotency-key-in-flight")
          yield* gateway.release
          expect((yield* Fiber.join(first)).balance.amount).toBe(700)
          expect(yield* gateway.charges).toHaveLength(1)
          const snapshot = yield* (yield* StateInspector).snapshot
          expect(snapshot.invoices.filter((row) => row.item.kind === "phone-top-up")).toHaveLength(1)
        })))

      it.effect("R44: an unpaid first invoice is void once its period has ended", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp()
          yield* advance("30 days")
          expect((yield* getInvoice(admin, registered.invoice.id)).status).toBe("void")
          expect((yield* Effect.flip(payFirst(admin, registered.invoice.id)))._tag).toBe("invoice-not-open")
        })))
    })
  })

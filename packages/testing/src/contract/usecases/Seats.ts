/**
 * R43: changing the number of seats: replacing the first invoice, prorated
 * raises, lowering, and what a payment under way protects.
 */
import { SimulatedGatewayControl } from "@corporate-groups/adapters"
import { addMember, auditTrail, changeSeats, getInvoice, groupInfo } from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import type { ContractTarget } from "../Target.js"
import { DAY, fieldsOf, memberInput, ms, payFirst, PRICE, setUp } from "./BillingFixtures.js"
import { advance, worldOf } from "./Fixtures.js"

export const seatsSuite = (target: ContractTarget) =>
  describe(`seats on ${target.name}`, () => {
    const world = worldOf(target)

    describe("R43: changing the number of seats", () => {
      it.effect("R43: while pending payment a change replaces the first invoice at once", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(10)
          yield* advance("2 days")
          const changed = yield* changeSeats(admin, { seats: 4 })
          expect(changed.outcome).toBe("applied")
          expect(changed.body.seats).toBe(4)
          const first = changed.body.invoice!
          expect(first.kind).toBe("first")
          expect(first.seats).toBe(4)
          expect(first.amount.amount).toBe(4 * PRICE)
          expect(ms(first.periodStart)).toBe(2 * DAY)
          expect(ms(first.periodEnd)).toBe(32 * DAY)
          expect((yield* getInvoice(admin, registered.invoice.id)).status).toBe("void")
          expect((yield* Effect.flip(payFirst(admin, registered.invoice.id)))._tag).toBe("invoice-not-open")
          yield* payFirst(admin, first.id)
          expect(ms((yield* groupInfo(admin)).paidThrough)).toBe(32 * DAY)
          const audit = yield* auditTrail(admin, {})
          expect(audit.items.map((e) => e.action)).toEqual(["payment-succeeded", "seats-changed", "group-registered"])
        })))

      it.effect("R43, R44: an invoice being charged is not voided by a seat change under the payment", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(10)
          const gateway = yield* SimulatedGatewayControl
          yield* gateway.hold
          const paying = yield* Effect.forkChild(payFirst(admin, registered.invoice.id))
          yield* gateway.awaitHeld(1)
          const refused = yield* Effect.flip(changeSeats(admin, { seats: 4 }))
          expect(refused._tag).toBe("open-invoice-exists")
          yield* gateway.release
          expect((yield* Fiber.join(paying)).invoice.status).toBe("paid")
          expect((yield* groupInfo(admin)).seats).toBe(10)
        })))

      it.effect("R43: setting the current number is a no-op", () =>
        world(Effect.gen(function*() {
          const { admin } = yield* setUp(10)
          const same = yield* changeSeats(admin, { seats: 10 })
          expect(same).toEqual({ outcome: "applied", body: { seats: 10, invoice: null } })
          expect((yield* auditTrail(admin, {})).items).toHaveLength(1)
        })))

      it.effect("R43: raising an active group bills the added seats prorated; they exist exactly when paid", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(10)
          yield* payFirst(admin, registered.invoice.id)
          yield* advance("10 days")
          const raised = yield* changeSeats(admin, { seats: 13 })
          expect(raised.outcome).toBe("pending")
          if (raised.outcome !== "pending") return
          expect(raised.body.seats).toBe(10)
          expect(raised.body.pendingSeats).toBe(13)
          expect(raised.body.invoice.kind).toBe("seats")
          expect(raised.body.invoice.seats).toBe(3)
          expect(raised.body.invoice.amount).toEqual({ amount: 90_000, currency: "RUB" }) // 3 × 45,000 × 20/30
          expect(ms(raised.body.invoice.periodEnd)).toBe(30 * DAY)
          expect((yield* groupInfo(admin)).seats).toBe(10)
          yield* payFirst(admin, raised.body.invoice.id)
          const info = yield* groupInfo(admin)
          expect(info.seats).toBe(13)
          expect(ms(info.paidThrough)).toBe(30 * DAY)
        })))

      it.effect("R43: a newer raise voids an older unpaid one; lowering voids an unpaid raise", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(10)
          yield* payFirst(admin, registered.invoice.id)
          const older = yield* changeSeats(admin, { seats: 12 })
          const newer = yield* changeSeats(admin, { seats: 15 })
          if (older.outcome !== "pending" || newer.outcome !== "pending") throw new Error("expected raises")
          expect((yield* getInvoice(admin, older.body.invoice.id)).status).toBe("void")
          expect(newer.body.invoice.seats).toBe(5)
          const lowered = yield* changeSeats(admin, { seats: 8 })
          expect(lowered).toEqual({ outcome: "applied", body: { seats: 8, invoice: null } })
          expect((yield* getInvoice(admin, newer.body.invoice.id)).status).toBe("void")
          expect((yield* Effect.flip(payFirst(admin, newer.body.invoice.id)))._tag).toBe("invoice-not-open")
          expect((yield* groupInfo(admin)).seats).toBe(8)
        })))

      it.effect("R43: lowering below the member count is refused; a suspended group cannot raise, but may lower", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(5)
          yield* payFirst(admin, registered.invoice.id)
          yield* addMember(admin, memberInput())
          yield* addMember(admin, memberInput())
          const below = yield* Effect.flip(changeSeats(admin, { seats: 1 }))
          expect(below._tag).toBe("seats-below-members")
          yield* advance("34 days")
          expect((yield* groupInfo(admin)).status).toBe("suspended")
          expect((yield* Effect.flip(changeSeats(admin, { seats: 6 })))._tag).toBe("group-suspended")
          const lowered = yield* changeSeats(admin, { seats: 2 })
          expect(lowered.body.seats).toBe(2)
          const invalid = yield* Effect.flip(changeSeats(admin, { seats: 0 }))
          expect(fieldsOf(invalid)).toEqual(["seats"])
        })))
    })
  })

/**
 * R18, R42: registering a group creates its admin and its first invoice.
 * Times are millis since the world's start (BillingFixtures.ts).
 */
import { auditTrail, groupInfo, registerGroup, registerUser } from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect } from "effect"
import { DEFAULT_START } from "../../ControlledClock.js"
import { StateInspector } from "../../StateInspector.js"
import type { ContractTarget } from "../Target.js"
import { DAY, fieldsOf, groupInput, memberInput, ms, PRICE, setUp } from "./BillingFixtures.js"
import { client, PASSWORD, worldOf } from "./Fixtures.js"

export const groupRegistrationSuite = (target: ContractTarget) =>
  describe(`group registration on ${target.name}`, () => {
    const world = worldOf(target)

    describe("R18, R42: registering a group", () => {
      it.effect("R18: creates the admin, the group and its first invoice (seats × price for one period)", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(10)
          expect(registered.group.name).toBe("Acme")
          expect(registered.group.seats).toBe(10)
          expect(registered.group.members).toBe(0)
          expect(registered.group.status).toBe("pending-payment")
          expect(registered.group.corporateCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
          expect(registered.admin.email).toMatch(/@example\.com$/)
          const invoice = registered.invoice
          expect(invoice.kind).toBe("first")
          expect(invoice.status).toBe("open")
          expect(invoice.amount).toEqual({ amount: 10 * PRICE, currency: "RUB" })
          expect(invoice.seats).toBe(10)
          // The use cases read the target's controlled clock (not Effect's TestClock, which starts at the epoch).
          expect(DateTime.toEpochMillis(invoice.issuedAt)).toBe(DEFAULT_START)
          expect(ms(invoice.periodStart)).toBe(0)
          expect(ms(invoice.periodEnd)).toBe(30 * DAY)
          expect(invoice.paidAt).toBeNull()
          // The code shown in Group info is the one returned.
          const info = yield* groupInfo(admin)
          expect(info.corporateCode).toBe(registered.group.corporateCode)
          // R50, R51: events in the outbox, one audit entry.
          const snapshot = yield* (yield* StateInspector).snapshot
          expect(snapshot.outbox.map((e) => e.type)).toEqual(["GroupRegistered", "InvoiceIssued"])
          const audit = yield* auditTrail(admin, {})
          expect(audit.items.map((e) => e.action)).toEqual(["group-registered"])
          expect(audit.items[0]!.actor).toEqual({ kind: "group-admin", id: registered.admin.id })
        })))

      it.effect("R2, R18: every invalid field at once, the confirmation on admin.passwordConfirmation", () =>
        world(Effect.gen(function*() {
          const error = yield* Effect.flip(registerGroup({
            name: "  ",
            seats: 0,
            admin: { email: "not-an-email", password: PASSWORD, passwordConfirmation: "something else entirely" }
          }))
          expect(error._tag).toBe("validation-failed")
          expect(fieldsOf(error).toSorted()).toEqual(["admin.email", "admin.passwordConfirmation", "name", "seats"])
          const tooMany = yield* Effect.flip(registerGroup(groupInput(10_001)))
          expect(fieldsOf(tooMany)).toEqual(["seats"])
          const snapshot = yield* (yield* StateInspector).snapshot
          expect(snapshot.groups).toHaveLength(0)
        })))

      it.effect("R2: an email is unique among all accounts, in any case", () =>
        world(Effect.gen(function*() {
          yield* registerGroup(groupInput(5, "owner@example.com"))
          const error = yield* Effect.flip(registerGroup(groupInput(5, "OWNER@example.com")))
          expect(error._tag).toBe("email-taken")
          yield* registerUser({ ...memberInput(), email: "user@example.com" }, client)
          const again = yield* Effect.flip(registerGroup(groupInput(5, "user@example.com")))
          expect(again._tag).toBe("email-taken")
          const snapshot = yield* (yield* StateInspector).snapshot
          expect(snapshot.groups).toHaveLength(1)
          expect(snapshot.admins).toHaveLength(1)
        })))
    })
  })

/**
 * R42, R44: renewals prepay contiguous periods; the invoices and payments
 * lists.
 */
import { auditTrail, getInvoice, groupInfo, listInvoices, listPayments, renew } from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { ContractTarget } from "../Target.js"
import { DAY, fieldsOf, ms, payFirst, PRICE, setUp } from "./BillingFixtures.js"
import { advance, worldOf } from "./Fixtures.js"

export const renewalsSuite = (target: ContractTarget) =>
  describe(`renewals and invoice lists on ${target.name}`, () => {
    const world = worldOf(target)

    describe("R42, R44: renewals", () => {
      it.effect("R44: refused while the first invoice is open; R42: renewals prepay contiguous periods", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(2)
          const blocked = yield* Effect.flip(renew(admin))
          expect(blocked._tag).toBe("open-invoice-exists")
          yield* payFirst(admin, registered.invoice.id)
          yield* advance("5 days")
          const { invoice: renewal } = yield* renew(admin)
          expect(renewal.kind).toBe("renewal")
          expect(renewal.amount.amount).toBe(2 * PRICE)
          expect(ms(renewal.periodStart)).toBe(30 * DAY)
          expect(ms(renewal.periodEnd)).toBe(60 * DAY)
          expect((yield* Effect.flip(renew(admin)))._tag).toBe("open-invoice-exists")
          yield* payFirst(admin, renewal.id)
          expect(ms((yield* groupInfo(admin)).paidThrough)).toBe(60 * DAY)
          const { invoice: next } = yield* renew(admin)
          expect(ms(next.periodStart)).toBe(60 * DAY)
          const audit = yield* auditTrail(admin, {})
          expect(audit.items[0]!.action).toBe("invoice-issued")
        })))

      it.effect("R42: a suspended group renews from now; a group never paid gets a new first invoice from now", () =>
        world(Effect.gen(function*() {
          const paid = yield* setUp(2)
          const unpaid = yield* setUp(3)
          yield* payFirst(paid.admin, paid.registered.invoice.id)
          yield* advance("40 days")
          const { invoice: renewal } = yield* renew(paid.admin)
          expect(renewal.kind).toBe("renewal")
          expect(ms(renewal.periodStart)).toBe(40 * DAY)
          yield* payFirst(paid.admin, renewal.id)
          expect((yield* groupInfo(paid.admin)).status).toBe("active")
          const { invoice: first } = yield* renew(unpaid.admin)
          expect(first.kind).toBe("first")
          expect(first.seats).toBe(3)
          expect(ms(first.periodStart)).toBe(40 * DAY)
          expect((yield* getInvoice(unpaid.admin, unpaid.registered.invoice.id)).status).toBe("void")
        })))
    })

    describe("R44: invoices and payments lists", () => {
      it.effect("R44: newest first, paged by cursor; another group's invoice is not found", () =>
        world(Effect.gen(function*() {
          const { admin, registered } = yield* setUp(2)
          const other = yield* setUp(2)
          yield* payFirst(admin, registered.invoice.id)
          const { invoice: renewal } = yield* renew(admin)
          const page1 = yield* listInvoices(admin, { limit: "1" })
          expect(page1.items.map((i) => i.id)).toEqual([renewal.id])
          expect(page1.nextCursor).not.toBeNull()
          const page2 = yield* listInvoices(admin, { limit: 1, cursor: page1.nextCursor! })
          expect(page2.items.map((i) => i.id)).toEqual([registered.invoice.id])
          expect(page2.nextCursor).toBeNull()
          expect((yield* getInvoice(admin, renewal.id)).kind).toBe("renewal")
          expect((yield* Effect.flip(getInvoice(admin, other.registered.invoice.id)))._tag).toBe("not-found")
          expect((yield* Effect.flip(getInvoice(admin, "nope")))._tag).toBe("not-found")
          expect(fieldsOf(yield* Effect.flip(listInvoices(admin, { cursor: "bogus" })))).toEqual(["cursor"])
          expect(fieldsOf(yield* Effect.flip(listPayments(admin, { limit: 0 })))).toEqual(["limit"])
        })))
    })
  })

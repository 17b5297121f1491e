/**
 * R15, R17: the admin's view of the group: rotating the corporate code,
 * Group info, and renaming the group.
 */
import {
  auditTrail,
  changeSeats,
  CORPORATE,
  DEFAULT_CONFIG,
  editGroup,
  groupInfo,
  joinGroup,
  normalizeCode,
  rotateCode
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import type { ContractTarget } from "../Target.js"
import { activate, advance, client, errorTag, fieldsOf, newGroup, newUser, snapshot, worldOf } from "./Fixtures.js"

export const groupAdminSuite = (target: ContractTarget) =>
  describe(`group admin on ${target.name}`, () => {
    const inWorld = worldOf(target)

    describe("R15: rotating the corporate code", () => {
      it.effect("R15: a new code in display form; the old one stops working at once; Group info shows the new one", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const { corporateCode } = yield* rotateCode(group.principal)
          expect(corporateCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
          expect(corporateCode).not.toBe(group.code)
          expect((yield* groupInfo(group.principal)).corporateCode).toBe(corporateCode)

          const ann = yield* newUser("Ann", "Doe")
          expect(yield* errorTag(joinGroup(ann.principal, { corporateCode: group.code }, client)))
            .toBe("corporate-code-invalid")
          // Matched ignoring case, dashes and spaces.
          const typed = corporateCode.toLowerCase().replace(/-/g, " ")
          expect((yield* joinGroup(ann.principal, { corporateCode: typed }, client)).group.id).toBe(group.group.id)
        })))

      it.effect("R15, R50: CodeRotated is recorded and audited, and no event or audit entry carries the clear code", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const { corporateCode } = yield* rotateCode(group.principal)
          const state = yield* snapshot
          const rotated = state.outbox.filter((e) => e.type === "CodeRotated")
          expect(rotated).toHaveLength(1)
          expect(rotated[0]).toMatchObject({
            groupId: group.group.id,
            actor: { kind: "group-admin", id: group.admin.id },
            target: { kind: "group", id: group.group.id }
          })
          const written = JSON.stringify([state.outbox, state.audit])
          for (const code of [corporateCode, normalizeCode(corporateCode), group.code, normalizeCode(group.code)]) {
            expect(written).not.toContain(code)
          }
          expect((yield* auditTrail(group.principal, {})).items[0]).toMatchObject({
            action: "code-rotated",
            actor: { kind: "group-admin", id: group.admin.id }
          })
        })))
    })

    describe("R17: Group info and editing the group", () => {
      it.effect("R17: Group info of a new group: pending payment, no paid-through date, the Corporate tariff", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(3)
          yield* newUser("Ann", "Doe", group.code)
          const info = yield* groupInfo(group.principal)
          expect(info).toEqual({
            id: group.group.id,
            name: "Acme",
            corporateCode: group.code,
            seats: 3,
            members: 1,
            freeSeats: 2,
            paidThrough: null,
            status: "pending-payment",
            tariff: CORPORATE
          })
        })))

      it.effect("R17, R41, R43: once paid, active until the period's end; a pending raise shows as pendingSeats; later suspended", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(3)
          yield* activate(group)
          const paid = yield* groupInfo(group.principal)
          expect(paid.status).toBe("active")
          expect(paid.paidThrough).not.toBeNull()
          expect(paid.paidThrough).toEqual(group.invoice.periodEnd)
          expect(paid.pendingSeats).toBeUndefined()

          yield* changeSeats(group.principal, { seats: 5 })
          expect(yield* groupInfo(group.principal)).toMatchObject({ seats: 3, pendingSeats: 5, freeSeats: 3 })

          yield* advance(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
          const later = yield* groupInfo(group.principal)
          expect(later.status).toBe("suspended")
          expect(later.pendingSeats).toBeUndefined()
        })))

      it.effect("R17: the admin renames the group (trimmed); GroupRenamed is audited; the answer is the new Group info", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const edited = yield* editGroup(group.principal, { name: "  Acme Labs  " })
          expect(edited).toEqual({ ...(yield* groupInfo(group.principal)), name: "Acme Labs" })
          expect((yield* groupInfo(group.principal)).name).toBe("Acme Labs")
          const trail = yield* auditTrail(group.principal, {})
          expect(trail.items[0]).toMatchObject({
            action: "group-renamed",
            actor: { kind: "group-admin", id: group.admin.id },
            target: { kind: "group", id: group.group.id }
          })
          // The same name again changes nothing and records nothing.
          yield* editGroup(group.principal, { name: "Acme Labs" })
          expect((yield* auditTrail(group.principal, {})).items.filter((e) => e.action === "group-renamed")).toHaveLength(1)
        })))

      it.effect("R17: a name must be 1–100 characters after trimming", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          for (const body of [{ name: "   " }, { name: "x".repeat(101) }, {}, { name: 42 }, null]) {
            expect(yield* fieldsOf(editGroup(group.principal, body))).toEqual({
              tag: "validation-failed",
              fields: [body === null ? "body" : "name"]
            })
          }
          expect((yield* editGroup(group.principal, { name: "y".repeat(100) })).name).toBe("y".repeat(100))
        })))
    })
  })

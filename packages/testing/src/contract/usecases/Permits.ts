/**
 * R30–R32: conference permits, by tariff and by the group's status.
 */
import {
  CORPORATE,
  DEFAULT_CONFIG,
  FREE_DEFAULT,
  registerUser,
  requestConferencePermit
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import type { ContractTarget } from "../Target.js"
import {
  activate,
  advance,
  client,
  errorOf,
  errorTag,
  fieldsOf,
  newGroup,
  registration,
  userPrincipal,
  worldOf
} from "./Fixtures.js"

export const permitsSuite = (target: ContractTarget) =>
  describe(`conference permits on ${target.name}`, () => {
    const inWorld = worldOf(target)

    describe("R30–R32: conference permits (POST /v1/me/conference-permits)", () => {
      it.effect("R31: an admin is always refused with admin-cannot-call, whatever it asks", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          expect(yield* errorTag(requestConferencePermit(group.principal, { kind: "point-to-point", participants: 2 })))
            .toBe("admin-cannot-call")
          expect(yield* errorTag(requestConferencePermit(group.principal, { nonsense: true }))).toBe("admin-cannot-call")
        })))

      it.effect("R30, R31: a Free user: point-to-point unlimited, symmetric up to 4 for 30 minutes, nothing role-based", () =>
        inWorld(Effect.gen(function*() {
          const ann = userPrincipal((yield* registerUser(registration("ann"), client)).user.id)
          expect(yield* requestConferencePermit(ann, { kind: "point-to-point", participants: 2 }))
            .toEqual({ allowed: true, maxDurationMinutes: null, tariff: FREE_DEFAULT })
          expect(yield* requestConferencePermit(ann, { kind: "symmetric", participants: 4, durationMinutes: 30 }))
            .toMatchObject({ allowed: true, maxDurationMinutes: 30 })
          expect(yield* errorOf(requestConferencePermit(ann, { kind: "symmetric", participants: 5, durationMinutes: 60 })))
            .toMatchObject({ _tag: "conference-limit-exceeded", limit: "participants", max: 4 })
          expect(yield* errorOf(requestConferencePermit(ann, { kind: "symmetric", participants: 3, durationMinutes: 31 })))
            .toMatchObject({ _tag: "conference-limit-exceeded", limit: "duration", max: 30 })
          expect(yield* errorOf(requestConferencePermit(ann, { kind: "role-based", participants: 500, presenters: 50 })))
            .toMatchObject({ _tag: "conference-limit-exceeded", limit: "kind", max: 0 })
        })))

      it.effect("R30, R32: a member of an active group has the Corporate limits; of a pending or suspended one, Free", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const ann = userPrincipal((yield* registerUser(registration("ann", { corporateCode: group.code }), client)).user.id)
          const roleBased = { kind: "role-based", participants: 120, presenters: 4 }
          expect(yield* errorOf(requestConferencePermit(ann, roleBased))).toMatchObject({ limit: "kind" })
          yield* activate(group)
          expect(yield* requestConferencePermit(ann, roleBased)).toEqual({ allowed: true, maxDurationMinutes: null, tariff: CORPORATE })
          expect(yield* errorOf(requestConferencePermit(ann, { ...roleBased, presenters: 5 })))
            .toMatchObject({ _tag: "conference-limit-exceeded", limit: "presenters", max: 4 })
          expect(yield* errorOf(requestConferencePermit(ann, { kind: "asymmetric", participants: 17 })))
            .toMatchObject({ limit: "participants", max: 16 })
          yield* advance(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
          expect(yield* errorOf(requestConferencePermit(ann, roleBased))).toMatchObject({ limit: "kind", max: 0 })
        })))

      it.effect("R31 (API.md §5 Permits): point-to-point is exactly 2; presenters count only for role-based; bad fields are validation-failed", () =>
        inWorld(Effect.gen(function*() {
          const ann = userPrincipal((yield* registerUser(registration("ann"), client)).user.id)
          expect(yield* errorOf(requestConferencePermit(ann, { kind: "point-to-point", participants: 3 })))
            .toMatchObject({ limit: "participants", max: 2 })
          expect(yield* fieldsOf(requestConferencePermit(ann, { kind: "point-to-point", participants: 1 })))
            .toEqual({ tag: "validation-failed", fields: ["participants"] })
          expect(yield* requestConferencePermit(ann, { kind: "symmetric", participants: 2, presenters: 0 }))
            .toMatchObject({ allowed: true })
          expect(yield* fieldsOf(requestConferencePermit(ann, { kind: "video", participants: 0, durationMinutes: 1.5 })))
            .toEqual({ tag: "validation-failed", fields: ["kind", "participants", "durationMinutes"] })
        })))
    })
  })

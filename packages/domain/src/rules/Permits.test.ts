import { Effect, Exit } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  CONFERENCE_KINDS,
  type ConferenceKind,
  type ConferenceLimit,
  CORPORATE,
  FREE_DEFAULT,
  type Tariff
} from "../config/Tariffs.js"
import { decidePermit, firstBrokenLimit, PERMIT_LIMITS, type PermitLimit, type PermitRequest } from "./Permits.js"

const decide = (tariff: Tariff, request: PermitRequest) => Effect.runSyncExit(decidePermit(tariff, request))

const refusal = (tariff: Tariff, request: PermitRequest) => {
  const exit = decide(tariff, request)
  if (Exit.isSuccess(exit)) throw new Error(`expected a refusal of ${JSON.stringify(request)}`)
  const error = Exit.findErrorOption(exit)
  if (error._tag === "None") throw new Error("expected a typed failure")
  return { tag: error.value._tag, limit: error.value.limit, max: error.value.max }
}

const allowed = (tariff: Tariff, request: PermitRequest) => {
  const exit = decide(tariff, request)
  if (!Exit.isSuccess(exit)) throw new Error(`expected ${JSON.stringify(request)} to be allowed`)
  return exit.value
}

// Tariffs as data (R30): any catalog entry, not only the shipped ones.
const limitArb = (kind: ConferenceKind): fc.Arbitrary<ConferenceLimit> =>
  fc.record({
    maxParticipants: kind === "point-to-point" ? fc.constant(2) : fc.integer({ min: 2, max: 500 }),
    maxPresenters: kind === "role-based" ? fc.integer({ min: 1, max: 20 }) : fc.constant(null),
    maxDurationMinutes: fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: null })
  })

const tariffArb: fc.Arbitrary<Tariff> = fc.record({
  name: fc.constantFrom("free" as const, "corporate" as const),
  limits: fc.record({
    "point-to-point": fc.option(limitArb("point-to-point"), { nil: null }),
    symmetric: fc.option(limitArb("symmetric"), { nil: null }),
    "role-based": fc.option(limitArb("role-based"), { nil: null }),
    asymmetric: fc.option(limitArb("asymmetric"), { nil: null })
  })
})

const offered = (tariff: Tariff): ReadonlyArray<ConferenceKind> =>
  CONFERENCE_KINDS.filter((kind) => tariff.limits[kind] !== null)

/** A tariff with at least one kind, and a kind it offers. */
const tariffAndKindArb = tariffArb
  .filter((tariff) => offered(tariff).length > 0)
  .chain((tariff) => fc.constantFrom(...offered(tariff)).map((kind) => ({ tariff, kind, limit: tariff.limits[kind]! })))

/** Any request within the limits of the kind. */
const withinArb = tariffAndKindArb.chain(({ kind, limit, tariff }) =>
  fc.record({
    participants: kind === "point-to-point" ? fc.constant(2) : fc.integer({ min: 1, max: limit.maxParticipants }),
    presenters: kind === "role-based"
      ? fc.option(fc.integer({ min: 1, max: limit.maxPresenters ?? 1 }), { nil: undefined })
      : fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
    durationMinutes: fc.option(fc.integer({ min: 1, max: limit.maxDurationMinutes ?? 100_000 }), { nil: undefined })
  }).map((request) => ({ tariff, limit, request: { kind, ...request } satisfies PermitRequest }))
)

describe("rules/Permits", () => {
  it("R31: any request within the tariff's limits is allowed, with the kind's longest duration", () => {
    fc.assert(fc.property(withinArb, ({ limit, request, tariff }) => {
      const permit = allowed(tariff, request)
      expect(permit.allowed).toBe(true)
      expect(permit.maxDurationMinutes).toBe(limit.maxDurationMinutes)
      expect(permit.tariff).toBe(tariff)
    }))
  })

  it("R31: a kind the tariff does not offer is refused on kind with max 0, whatever else is asked", () => {
    const arb = tariffArb
      .filter((tariff) => offered(tariff).length < CONFERENCE_KINDS.length)
      .chain((tariff) =>
        fc.record({
          kind: fc.constantFrom(...CONFERENCE_KINDS.filter((kind) => tariff.limits[kind] === null)),
          participants: fc.integer({ min: 1, max: 100_000 }),
          presenters: fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: undefined }),
          durationMinutes: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined })
        }).map((request) => ({ tariff, request }))
      )
    fc.assert(fc.property(arb, ({ request, tariff }) => {
      expect(refusal(tariff, request)).toEqual({ tag: "conference-limit-exceeded", limit: "kind", max: 0 })
    }))
  })

  it("R31: the refusal names the first broken limit in the order kind, participants, presenters, duration", () => {
    const arb = tariffAndKindArb.chain(({ kind, limit, tariff }) =>
      fc.record({
        breakParticipants: fc.boolean(),
        breakPresenters: fc.boolean(),
        breakDuration: fc.boolean(),
        over: fc.integer({ min: 1, max: 1_000 }),
        presentersOver: fc.integer({ min: 1, max: 1_000 })
      }).map((choice) => {
        const presentersLimited = kind === "role-based" && limit.maxPresenters !== null
        const request: PermitRequest = {
          kind,
          participants: choice.breakParticipants ? limit.maxParticipants + choice.over : Math.min(2, limit.maxParticipants),
          presenters: presentersLimited && choice.breakPresenters ? limit.maxPresenters! + choice.presentersOver : 1,
          durationMinutes: limit.maxDurationMinutes !== null && choice.breakDuration
            ? limit.maxDurationMinutes + choice.over
            : 1
        }
        const broken: Array<[PermitLimit, number]> = []
        if (choice.breakParticipants) broken.push(["participants", limit.maxParticipants])
        if (presentersLimited && choice.breakPresenters) broken.push(["presenters", limit.maxPresenters!])
        if (limit.maxDurationMinutes !== null && choice.breakDuration) broken.push(["duration", limit.maxDurationMinutes])
        return { tariff, request, expected: broken[0] ?? null }
      })
    )
    fc.assert(fc.property(arb, ({ expected, request, tariff }) => {
      if (expected === null) {
        expect(allowed(tariff, request).allowed).toBe(true)
      } else {
        expect(refusal(tariff, request)).toEqual({
          tag: "conference-limit-exceeded",
          limit: expected[0],
          max: expected[1]
        })
      }
      const named = firstBrokenLimit(tariff, request)
      expect(named === null ? null : PERMIT_LIMITS.indexOf(named.limit)).toBe(
        expected === null ? null : PERMIT_LIMITS.indexOf(expected[0])
      )
    }))
  })

  it("R31 (API.md §5 Permits): presenters count only for role-based conferences", () => {
    const arb = tariffAndKindArb.filter(({ kind }) => kind !== "role-based").chain(({ kind, limit, tariff }) =>
      fc.integer({ min: 1, max: 1_000_000 }).map((presenters) => ({
        tariff,
        request: { kind, participants: Math.min(2, limit.maxParticipants), presenters } satisfies PermitRequest
      }))
    )
    fc.assert(fc.property(arb, ({ request, tariff }) => {
      expect(allowed(tariff, request).allowed).toBe(true)
    }))
  })

  it("R31: a role-based conference has 1 presenter when none is given", () => {
    const oneAllowed = { ...CORPORATE, limits: { ...CORPORATE.limits, "role-based": { maxParticipants: 10, maxPresenters: 1, maxDurationMinutes: null } } }
    const noneAllowed = { ...CORPORATE, limits: { ...CORPORATE.limits, "role-based": { maxParticipants: 10, maxPresenters: 0, maxDurationMinutes: null } } }
    expect(allowed(oneAllowed, { kind: "role-based", participants: 5 }).allowed).toBe(true)
    expect(refusal(noneAllowed, { kind: "role-based", participants: 5 }).limit).toBe("presenters")
  })

  describe("R30: the shipped catalog", () => {
    it("R30, R31: Corporate allows symmetric 9, role-based 120 with 4 presenters, asymmetric 16, unlimited in time", () => {
      expect(allowed(CORPORATE, { kind: "point-to-point", participants: 2, durationMinutes: 100_000 }).maxDurationMinutes)
        .toBeNull()
      expect(allowed(CORPORATE, { kind: "symmetric", participants: 9 }).maxDurationMinutes).toBeNull()
      expect(allowed(CORPORATE, { kind: "role-based", participants: 120, presenters: 4 }).allowed).toBe(true)
      expect(allowed(CORPORATE, { kind: "asymmetric", participants: 16, durationMinutes: 10_000 }).allowed).toBe(true)
      expect(refusal(CORPORATE, { kind: "point-to-point", participants: 3 })).toMatchObject({ limit: "participants", max: 2 })
      expect(refusal(CORPORATE, { kind: "symmetric", participants: 10 })).toMatchObject({ limit: "participants", max: 9 })
      expect(refusal(CORPORATE, { kind: "role-based", participants: 121, presenters: 5 }))
        .toMatchObject({ limit: "participants", max: 120 })
      expect(refusal(CORPORATE, { kind: "role-based", participants: 120, presenters: 5 }))
        .toMatchObject({ limit: "presenters", max: 4 })
      expect(refusal(CORPORATE, { kind: "asymmetric", participants: 17 })).toMatchObject({ limit: "participants", max: 16 })
    })

    it("R30, R31: Free allows point-to-point without limit and symmetric 4 for 30 minutes, nothing else", () => {
      expect(allowed(FREE_DEFAULT, { kind: "point-to-point", participants: 2, durationMinutes: 10_000 }).maxDurationMinutes)
        .toBeNull()
      expect(allowed(FREE_DEFAULT, { kind: "symmetric", participants: 4 }).maxDurationMinutes).toBe(30)
      expect(allowed(FREE_DEFAULT, { kind: "symmetric", participants: 4, durationMinutes: 30 }).allowed).toBe(true)
      expect(refusal(FREE_DEFAULT, { kind: "symmetric", participants: 4, durationMinutes: 31 }))
        .toMatchObject({ limit: "duration", max: 30 })
      expect(refusal(FREE_DEFAULT, { kind: "symmetric", participants: 5, durationMinutes: 31 }))
        .toMatchObject({ limit: "participants", max: 4 })
      expect(refusal(FREE_DEFAULT, { kind: "role-based", participants: 2 })).toMatchObject({ limit: "kind", max: 0 })
      expect(refusal(FREE_DEFAULT, { kind: "asymmetric", participants: 2 })).toMatchObject({ limit: "kind", max: 0 })
    })
  })
})

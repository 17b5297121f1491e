/**
 * Races under `fc.scheduler`: fast-check picks the order in which concurrent
 * transactions and gateway charges proceed (Scheduled.ts), tries many, and
 * shrinks a failing one. After each race, SPEC's invariants must hold and the
 * outcomes must be the ones SPEC allows.
 */
import { changeSeats, joinGroup, payInvoice } from "@corporate-groups/domain"
import { SimulatedGatewayControl } from "@corporate-groups/adapters"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { invariantViolations } from "../Invariants.js"
import { StateInspector } from "../StateInspector.js"
import { World } from "./model/World.js"
import { paidGroup, users } from "./Scene.js"
import { type Gate, scheduled } from "./Scheduled.js"
import type { ContractTarget } from "./Target.js"

const race = (
  target: ContractTarget,
  scene: fc.Arbitrary<{ seats: number; extra: number }>,
  play: (world: World, gate: Gate, s: fc.Scheduler, scene: { seats: number; extra: number }) => Promise<void>,
  numRuns: number
) =>
  fc.assert(
    fc.asyncProperty(fc.scheduler(), scene, async (s, sc) => {
      const gate: Gate = { armed: false }
      const world = World.open({ name: target.name, layer: () => scheduled(s, gate, target.layer()) })
      try {
        await play(world, gate, s, sc)
        const snapshot = await world.run(Effect.flatMap(StateInspector, (i) => i.snapshot))
        expect(invariantViolations(snapshot)).toEqual([])
      } finally {
        await world.close()
      }
    }),
    { numRuns }
  )

/** Starts every call at once, lets the scheduler run them to the end, returns their outcomes in call order. */
const concurrently = async (gate: Gate, s: fc.Scheduler, calls: ReadonlyArray<() => Promise<{ tag: string }>>) => {
  gate.armed = true
  const pending = calls.map((call) => call())
  await s.waitFor(Promise.all(pending))
  gate.armed = false
  return (await Promise.all(pending)).map((o) => o.tag)
}

const tally = (tags: ReadonlyArray<string>) =>
  tags.reduce<Record<string, number>>((acc, tag) => ({ ...acc, [tag]: (acc[tag] ?? 0) + 1 }), {})

export const raceSuite = (target: ContractTarget, options: { readonly numRuns?: number } = {}) =>
  describe(`races on ${target.name}`, () => {
    const numRuns = options.numRuns ?? 50
    const scene = fc.record({ seats: fc.integer({ min: 1, max: 3 }), extra: fc.integer({ min: 1, max: 3 }) })

    it("R11, R12: concurrent joins against the last seats fill exactly the seats; the rest are group-full", () =>
      race(target, scene, async (world, gate, s, { seats, extra }) => {
        await paidGroup(world, seats)
        await users(world, seats + extra)
        const code = world.groups[0]!.codes[0]!
        const tags = await concurrently(gate, s, world.users.map((u) => () =>
          world.call(joinGroup(u.principal, { corporateCode: code }, world.freshAddress()))
        ))
        expect(tally(tags)).toEqual({ ok: seats, "group-full": extra })
      }, numRuns), 120_000)

    it("R10: one user joining two groups at once ends in exactly one membership", () =>
      race(target, fc.constant({ seats: 2, extra: 0 }), async (world, gate, s) => {
        await paidGroup(world, 2)
        await paidGroup(world, 2)
        await users(world, 1)
        const user = world.users[0]!
        const tags = await concurrently(gate, s, world.groups.map((g) => () =>
          world.call(joinGroup(user.principal, { corporateCode: g.codes[0]! }, world.freshAddress()))
        ))
        expect(tally(tags)).toEqual({ ok: 1, "member-of-another-group": 1 })
      }, numRuns), 120_000)

    it("R11, R43: joins racing a seat decrease never leave more members than seats", () =>
      race(target, scene, async (world, gate, s, { seats, extra }) => {
        await paidGroup(world, seats + extra)
        await users(world, seats + extra)
        const code = world.groups[0]!.codes[0]!
        const tags = await concurrently(gate, s, [
          () => world.call(changeSeats(world.groups[0]!.principal, { seats })),
          ...world.users.map((u) => () => world.call(joinGroup(u.principal, { corporateCode: code }, world.freshAddress())))
        ])
        const [decrease, ...joins] = tags
        expect(["ok", "seats-below-members"]).toContain(decrease)
        for (const tag of joins) expect(["ok", "group-full"]).toContain(tag)
        const joined = joins.filter((t) => t === "ok").length
        // Lowered: at most `seats` joined; refused: the group must have been over `seats` at that moment.
        if (decrease === "ok") expect(joined).toBeLessThanOrEqual(seats)
        else expect(joined).toBeGreaterThan(seats)
      }, numRuns), 120_000)

    it("R44: two payments of one invoice with different keys charge once; the loser gets invoice-not-open", () =>
      race(target, fc.constant({ seats: 1, extra: 0 }), async (world, gate, s) => {
        const { invoiceId } = await paidGroup(world, 1, false)
        const admin = world.groups[0]!.principal
        const tags = await concurrently(gate, s, ["key-a", "key-b"].map((key) => () =>
          world.call(payInvoice(admin, invoiceId, { paymentMethod: "tok_visa" }, key))
        ))
        expect(tally(tags)).toEqual({ ok: 1, "invoice-not-open": 1 })
        const charges = await world.run(Effect.flatMap(SimulatedGatewayControl, (g) => g.charges))
        expect(charges.length).toBe(1)
      }, numRuns), 120_000)

    it("R44: the same key sent three times at once has one effect", () =>
      race(target, fc.constant({ seats: 1, extra: 0 }), async (world, gate, s) => {
        const { invoiceId } = await paidGroup(world, 1, false)
        const admin = world.groups[0]!.principal
        const tags = await concurrently(gate, s, [1, 2, 3].map(() => () =>
          world.call(payInvoice(admin, invoiceId, { paymentMethod: "tok_visa" }, "same-key"))
        ))
        expect(tags).toContain("ok")
        for (const tag of tags) expect(["ok", "idempotency-key-in-flight"]).toContain(tag)
        const charges = await world.run(Effect.flatMap(SimulatedGatewayControl, (g) => g.charges))
        expect(charges.length).toBe(1)
      }, numRuns), 120_000)
  })

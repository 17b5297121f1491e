/**
 * SPEC's concurrency rules on a real Postgres server, under real
 * concurrency: the adapter's pool of separate connections (32 by default,
 * `CG_CONCURRENCY_POOL`; fewer when the server has few free slots), hundreds of use cases in flight at once, real row
 * locks and real commits. The race suite (RaceSuite.ts) explores orders with
 * a scheduler on a few callers; this file is the load version of the same
 * rules. It needs a server: without `DATABASE_URL` it is skipped (CI sets
 * it). It works in a scratch database of its own.
 */
import { changeSeats, joinGroup, payInvoice, type UserPrincipal } from "@corporate-groups/domain"
import { SimulatedGatewayControl } from "@corporate-groups/adapters"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  freshAddress,
  memberCounts,
  outcome,
  registerGroupOf,
  registerUsers,
  type ServerWorld,
  openServerWorld,
  poolSizeFor,
  tally,
  violations,
  VISA
} from "./support/serverWorld.js"

const serverUrl = process.env["DATABASE_URL"]
const POOL = Number(process.env["CG_CONCURRENCY_POOL"] ?? 32)
const skipped = serverUrl === undefined || serverUrl === ""

const join = (world: ServerWorld, user: UserPrincipal, code: string) =>
  outcome(world.runtime, joinGroup(user, { corporateCode: code }, freshAddress()))

const chargesOf = (world: ServerWorld, invoiceId: string) =>
  world.run(Effect.flatMap(SimulatedGatewayControl, (g) => g.charges)).then((charges) =>
    charges.filter((c) => c.request.description.endsWith(invoiceId))
  )

describe.skipIf(skipped)(
  `concurrency on a Postgres server${skipped ? " (skipped: DATABASE_URL is not set; CI sets it, e.g. postgres://postgres@127.0.0.1:5432/test)" : ""}`,
  () => {
    let world: ServerWorld
    /** 2,402 users, registered once (4 × 500 + 1 + 1 + 400); every scene takes fresh ones. */
    let users: Array<UserPrincipal> = []
    const take = (n: number) => {
      if (users.length < n) throw new Error(`only ${users.length} fresh users left, ${n} wanted`)
      return users.splice(0, n)
    }

    beforeAll(async () => {
      world = await openServerWorld(serverUrl!, await poolSizeFor(serverUrl!, POOL))
      users = await registerUsers(world, 2_402)
    }, 120_000)

    afterAll(() => world?.close(), 60_000)

    describe("R11, R12: 500 distinct users join one paid group of S seats at once", () => {
      for (const seats of [1, 137, 500, 600]) {
        it(`S = ${seats}: exactly min(S, 500) members, every other attempt group-full, invariants hold`, async () => {
          const group = await registerGroupOf(world, seats)
          const joiners = take(500)
          const tags = await Promise.all(joiners.map((user) => join(world, user, group.code)))
          const admitted = Math.min(seats, 500)
          const expected: Record<string, number> = { ok: admitted }
          if (500 - admitted > 0) expected["group-full"] = 500 - admitted
          expect(tally(tags)).toEqual(expected)
          const counts = await memberCounts(world, group.groupId)
          expect(counts).toEqual({ members: admitted, rows: admitted, seats })
          expect(await violations(world)).toEqual([])
        }, 30_000)
      }
    })

    describe("R10: one user joining many times at once ends with one membership", () => {
      it("R10: 50 concurrent joins into one group: one ok, 49 already-member", async () => {
        const group = await registerGroupOf(world, 10)
        const [user] = take(1)
        const tags = await Promise.all(Array.from({ length: 50 }, () => join(world, user!, group.code)))
        expect(tally(tags)).toEqual({ ok: 1, "already-member": 49 })
        expect(await memberCounts(world, group.groupId)).toEqual({ members: 1, rows: 1, seats: 10 })
        expect(await violations(world)).toEqual([])
      }, 30_000)

      it("R10: 50 concurrent joins across two groups: one membership; already-member in its group, member-of-another-group in the other", async () => {
        const groups = [await registerGroupOf(world, 10), await registerGroupOf(world, 10)]
        const [user] = take(1)
        const attempts = Array.from({ length: 50 }, (_, i) => groups[i % 2]!)
        const tags = await Promise.all(attempts.map((g) => join(world, user!, g.code)))
        expect(tags.filter((t) => t === "ok")).toHaveLength(1)
        const joined = attempts[tags.indexOf("ok")]!
        attempts.forEach((g, i) => {
          if (i === tags.indexOf("ok")) return
          expect(tags[i]).toBe(g === joined ? "already-member" : "member-of-another-group")
        })
        const { rows } = await world.admin.query<{ group_id: string }>(
          "select group_id from memberships where user_id = $1",
          [user!.userId]
        )
        expect(rows).toEqual([{ group_id: joined.groupId }])
        for (const g of groups) {
          const counts = await memberCounts(world, g.groupId)
          expect(counts.members).toBe(g === joined ? 1 : 0)
          expect(counts.rows).toBe(counts.members)
        }
        expect(await violations(world)).toEqual([])
      }, 30_000)
    })

    it("R11, R43: seat decreases racing joins never leave a committed state with more members than seats", async () => {
      const group = await registerGroupOf(world, 20)
      const joiners = take(400)
      // A connection of its own reads the committed state over and over:
      // the counter and the membership rows, against the seats.
      const run = { sampling: true, joinsDone: false }
      let samples = 0
      const overSeats: Array<unknown> = []
      const sampler = (async () => {
        while (run.sampling) {
          const { rows } = await world.admin.query(
            `select g.id, g.seats, g.members, (select count(*)::int from memberships m where m.group_id = g.id) as rows
               from groups g
              where g.members > g.seats or (select count(*) from memberships m where m.group_id = g.id) > g.seats`
          )
          samples++
          overSeats.push(...rows)
        }
      })()
      // The joins arrive in waves paced by the admin's rounds of seat changes
      // (not by the clock, which a loaded CI machine stretches), so that the
      // seat changes always fall between and among them. Only rounds whose
      // decrease went through count: joins fast enough to refuse most
      // decreases would otherwise all be let in before seats went down a few times.
      let rounds = 0
      let settled = 0
      /** Polls `reached` (the counters move in other tasks) until it holds or every join is done. */
      const until = async (reached: () => boolean, ms = 5) => {
        while (!reached() && !run.joinsDone) await new Promise((resolve) => setTimeout(resolve, ms))
      }
      const joins = Promise.all(joiners.map(async (user, i) => {
        await until(() => rounds >= Math.floor(i / 40))
        return join(world, user, group.code).finally(() => {
          settled++
        })
      })).finally(() => {
        run.joinsDone = true
      })
      // The first wave, 40 joins into 20 seats, settles before the admin
      // starts, so refusals are certain and not a matter of timing; every
      // later wave races the seat changes.
      await until(() => settled >= 40)
      // The admin lowers the seats to just above the members it last saw (at
      // once, R43; refused when joins got there first), then raises them
      // (pending until its invoice is paid, then at once), over and over.
      const seatTags: Array<string> = []
      let raisesPaid = 0
      let lowered = 0
      let key = 0
      while (!run.joinsDone) {
        const { members } = await memberCounts(world, group.groupId)
        const tag = await outcome(world.runtime, changeSeats(group.admin, { seats: Math.max(1, members + (key % 3)) }))
        seatTags.push(`lower:${tag}`)
        if (tag === "ok") lowered++
        const raise = await world.runtime.runPromise(Effect.result(changeSeats(group.admin, { seats: members + 40 })))
        if (raise._tag === "Success" && raise.success.outcome === "pending") {
          const paid = await outcome(world.runtime, payInvoice(group.admin, raise.success.body.invoice.id, VISA, `raise-${++key}`))
          seatTags.push(`raise:${paid}`)
          if (paid === "ok") raisesPaid++
        } else {
          key++
          seatTags.push(`raise:${raise._tag === "Success" ? raise.success.outcome : raise.failure._tag}`)
        }
        if (lowered > rounds) {
          // Let the next wave go, and lower again only once it is under way
          // (every earlier join and one of its own settled), so the decrease
          // meets the rest of it in flight.
          rounds = lowered
          await until(() => settled > rounds * 40, 1)
        }
      }
      const tags = await joins
      run.sampling = false
      await sampler

      expect(overSeats).toEqual([])
      expect(samples).toBeGreaterThan(20)
      for (const tag of tags) expect(["ok", "group-full"]).toContain(tag)
      for (const tag of seatTags) {
        expect(["lower:ok", "lower:seats-below-members", "raise:ok", "raise:applied", "raise:seats-below-members"]).toContain(tag)
      }
      // The race did happen: seats went down and up many times while joins
      // ran, and joins were both admitted and refused along the way.
      expect(lowered).toBeGreaterThan(3)
      expect(raisesPaid).toBeGreaterThan(3)
      expect(tally(tags)["group-full"] ?? 0).toBeGreaterThanOrEqual(20)
      const counts = await memberCounts(world, group.groupId)
      expect(counts.rows).toBe(counts.members)
      expect(counts.members).toBe(tags.filter((t) => t === "ok").length)
      // Raises were paid along the way (raisesPaid above), so members went past some lowered totals.
      expect(counts.members).toBeGreaterThan(0)
      expect(counts.members).toBeLessThanOrEqual(counts.seats)
      expect(await violations(world)).toEqual([])
    }, 60_000)

    it("R44: two concurrent payments of one invoice with different keys: one charge, the other invoice-not-open", async () => {
      const groups = await Promise.all(Array.from({ length: 10 }, () => registerGroupOf(world, 5, false)))
      await Promise.all(groups.map(async (group) => {
        const tags = await Promise.all(["key-a", "key-b"].map((k) =>
          outcome(world.runtime, payInvoice(group.admin, group.invoiceId, VISA, `${group.invoiceId}-${k}`))
        ))
        expect(tally(tags)).toEqual({ ok: 1, "invoice-not-open": 1 })
        expect(await chargesOf(world, group.invoiceId)).toHaveLength(1)
      }))
      const { rows } = await world.admin.query(
        "select invoice_id, count(*)::int as n from payments where invoice_id = any($1) group by invoice_id",
        [groups.map((g) => g.invoiceId)]
      )
      expect(rows.map((r) => r.n)).toEqual(groups.map(() => 1))
      expect(await violations(world)).toEqual([])
    }, 30_000)

    it("R44: one idempotency key sent by 20 requests at once has one effect: one charge, one payment", async () => {
      const group = await registerGroupOf(world, 5, false)
      const tags = await Promise.all(Array.from({ length: 20 }, () =>
        outcome(world.runtime, payInvoice(group.admin, group.invoiceId, VISA, "the-same-key"))
      ))
      expect(tags).toContain("ok")
      for (const tag of tags) expect(["ok", "idempotency-key-in-flight"]).toContain(tag)
      expect(await chargesOf(world, group.invoiceId)).toHaveLength(1)
      const { rows } = await world.admin.query("select status from payments where invoice_id = $1", [group.invoiceId])
      expect(rows).toEqual([{ status: "succeeded" }])
      // The replay after the dust settles answers the first result again.
      expect(await outcome(world.runtime, payInvoice(group.admin, group.invoiceId, VISA, "the-same-key"))).toBe("ok")
      expect(await chargesOf(world, group.invoiceId)).toHaveLength(1)
      expect(await violations(world)).toEqual([])
    }, 30_000)
  }
)

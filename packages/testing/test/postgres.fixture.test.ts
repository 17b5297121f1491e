/**
 * The Postgres fixture the contract suite runs on: every world starts empty
 * (a database reused between worlds is emptied, positions included), worlds
 * open at the same time never share a database, and without `DATABASE_URL`
 * or a container engine the fixture falls back to PGlite.
 */
import { registerGroup } from "@corporate-groups/domain"
import { Effect, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { databaseSource, makePostgresTarget, pgliteSource } from "../src/fixtures/Postgres.js"
import { StateInspector } from "../src/StateInspector.js"
import type { TestServices } from "../src/TestLayer.js"

const target = makePostgresTarget("pglite", Effect.succeed(pgliteSource))
beforeAll(() => target.prepare(), 120_000)
afterAll(() => target.close(), 60_000)

const register = (n: number) =>
  registerGroup({
    name: `Group ${n}`,
    seats: 2,
    admin: { email: `admin${n}@example.com`, password: "a long enough passphrase", passwordConfirmation: "a long enough passphrase" }
  })

const snapshot = StateInspector.use((i) => i.snapshot)

const open = () => ManagedRuntime.make(target.layer())
const run = <A, E>(world: ManagedRuntime.ManagedRuntime<TestServices, unknown>, effect: Effect.Effect<A, E, TestServices>) =>
  world.runPromise(effect)

describe("the Postgres fixture", () => {
  it("every world starts empty, even on a reused database, with positions from the start", async () => {
    const first = open()
    await run(first, register(1))
    const positions = (await run(first, snapshot)).invoices.map((r) => r.position)
    await first.dispose()
    const second = open()
    expect((await run(second, snapshot)).groups).toEqual([])
    await run(second, register(1))
    expect((await run(second, snapshot)).invoices.map((r) => r.position)).toEqual(positions)
    await second.dispose()
  }, 60_000)

  it("worlds open at the same time do not share a database", async () => {
    const [a, b] = [open(), open()]
    await run(a, register(1))
    await run(b, register(2))
    expect((await run(a, snapshot)).groups.map((g) => g.name)).toEqual(["Group 1"])
    expect((await run(b, snapshot)).groups.map((g) => g.name)).toEqual(["Group 2"])
    await Promise.all([a.dispose(), b.dispose()])
  }, 60_000)

  it("without DATABASE_URL and without a container engine, databases come from PGlite", async () => {
    const saved = process.env["DATABASE_URL"]
    delete process.env["DATABASE_URL"]
    try {
      const source = await Effect.runPromise(Effect.scoped(databaseSource))
      expect(source.name).toBe("pglite")
    } finally {
      if (saved !== undefined) process.env["DATABASE_URL"] = saved
    }
  }, 60_000)
})

/**
 * The pool's permits (Permits.ts): never more held than there are, waiters
 * served in the order they asked, and a waiter whose signal aborts leaves
 * holding nothing, so its permit goes to the next one.
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { permits } from "../../src/postgres/Permits.js"

/** Lets every settled promise's reactions run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

type Step = { readonly kind: "take" } | { readonly kind: "abort"; readonly pick: number } | { readonly kind: "give"; readonly pick: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: "take" as const }),
  fc.record({ kind: fc.constant("abort" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("give" as const), pick: fc.nat() })
)

describe("Permits", () => {
  it("holds at most its count, serves waiters in order, and an aborted waiter holds nothing", async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 60 }), async (count, steps) => {
      const sem = permits(count)
      // The model: who holds a permit, who waits (in the order they asked), who gave up.
      const takers: Array<{ id: number; controller: AbortController; state: "waiting" | "held" | "aborted" | "done" }> = []
      const granted: Array<number> = []
      for (const s of steps) {
        if (s.kind === "take") {
          const id = takers.length
          const controller = new AbortController()
          takers.push({ id, controller, state: "waiting" })
          sem.take(controller.signal).then(() => {
            granted.push(id)
            takers[id]!.state = "held"
          }, () => {
            takers[id]!.state = "aborted"
          })
        } else if (s.kind === "abort") {
          const waiting = takers.filter((t) => t.state === "waiting")
          if (waiting.length > 0) waiting[s.pick % waiting.length]!.controller.abort(new Error("interrupted"))
        } else {
          const held = takers.filter((t) => t.state === "held")
          if (held.length > 0) {
            held[s.pick % held.length]!.state = "done"
            sem.give()
          }
        }
        await settle()
        const held = takers.filter((t) => t.state === "held").length
        const waiting = takers.filter((t) => t.state === "waiting").length
        assert.isAtMost(held, count, "more permits held than there are")
        // Nobody waits while a permit is free.
        if (waiting > 0) assert.strictEqual(held, count, "a waiter waits while a permit is free")
      }
      // Permits go out in the order they were asked for, skipping those who gave up.
      assert.deepStrictEqual(granted, granted.toSorted((a, b) => a - b))
    }), { numRuns: 200 })
  })

  it("refuses at once a signal that already aborted, and keeps its permit", async () => {
    const sem = permits(1)
    const controller = new AbortController()
    controller.abort(new Error("gone"))
    let refused = false
    await sem.take(controller.signal).catch(() => {
      refused = true
    })
    assert.isTrue(refused)
    let got = false
    await sem.take().then(() => {
      got = true
    })
    assert.isTrue(got, "the permit was lost to a taker that never held it")
  })
})

/**
 * R44, R45: the simulated card gateway behaves as a real one does: test
 * tokens, dedup by charge key (charged once, same answer), and the faults a
 * test needs to script (outages, lost answers, hangs, latency, timeouts).
 */
import { assert, describe, it } from "@effect/vitest"
import type { ChargeRequest, Currency } from "@corporate-groups/domain"
import { Effect, Exit, Fiber, Option } from "effect"
import { TestClock } from "effect/testing"
import { CHARGE_DECLINED, makeSimulatedGateway, VISA } from "../src/memory/SimulatedGateway.js"
import { defectOf } from "./support.js"

const request = (chargeKey: string, paymentMethod = VISA): ChargeRequest => ({
  chargeKey,
  amount: { amount: 45_000, currency: "RUB" as Currency },
  paymentMethod,
  description: "invoice"
})

const errorTag = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>) =>
  Option.getOrUndefined(Exit.findErrorOption(exit))?._tag

describe("SimulatedGateway", () => {
  it.effect("R44: accepts only its test tokens; tok_visa is charged, tok_chargeDeclined declined", () =>
    Effect.gen(function*() {
      const { control, gateway } = yield* makeSimulatedGateway()
      assert.isTrue(gateway.acceptsMethod(VISA))
      assert.isTrue(gateway.acceptsMethod(CHARGE_DECLINED))
      assert.isFalse(gateway.acceptsMethod("tok_mastercard"))
      assert.deepStrictEqual(yield* gateway.charge(request("a")), { status: "succeeded", gatewayReference: "sim_ch_1" })
      assert.deepStrictEqual(yield* gateway.charge(request("b", CHARGE_DECLINED)), {
        status: "declined",
        gatewayReference: "sim_ch_2",
        reason: "card_declined"
      })
      assert.strictEqual((yield* control.charges).length, 2)
    }))

  it.effect("R44: the same charge key returns the first result, a decline included, and charges once", () =>
    Effect.gen(function*() {
      const { control, gateway } = yield* makeSimulatedGateway()
      const first = yield* gateway.charge(request("k"))
      assert.deepStrictEqual(yield* gateway.charge(request("k")), first)
      const declined = yield* gateway.charge(request("d", CHARGE_DECLINED))
      assert.deepStrictEqual(yield* gateway.charge(request("d", CHARGE_DECLINED)), declined)
      assert.strictEqual((yield* control.charges).length, 2)
    }))

  it.effect("R44: concurrent charges with one key, while the first is held, charge once", () =>
    Effect.gen(function*() {
      const { control, gateway } = yield* makeSimulatedGateway()
      yield* control.hold
      const fibers = yield* Effect.forEach(Array.from({ length: 5 }), () => Effect.forkChild(gateway.charge(request("k"))))
      yield* control.awaitHeld(1)
      yield* control.release
      const results = yield* Effect.forEach(fibers, Fiber.join)
      assert.isTrue(results.every((r) => r.gatewayReference === "sim_ch_1"))
      assert.strictEqual((yield* control.charges).length, 1)
    }))

  it.effect("a charge key reused for a different request is a defect", () =>
    Effect.gen(function*() {
      const { gateway } = yield* makeSimulatedGateway()
      yield* gateway.charge(request("k"))
      const exit = yield* Effect.exit(gateway.charge(request("k", CHARGE_DECLINED)))
      assert.match(String(defectOf(exit)), /reused with a different request/)
    }))

  it.effect("R44: a scripted outage before the charge is Unavailable, and a retry with the key charges", () =>
    Effect.gen(function*() {
      const { control, gateway } = yield* makeSimulatedGateway()
      yield* control.failNext(1)
      assert.strictEqual(errorTag(yield* Effect.exit(gateway.charge(request("k")))), "unavailable")
      assert.strictEqual((yield* control.charges).length, 0)
      assert.strictEqual((yield* gateway.charge(request("k"))).status, "succeeded")
      assert.strictEqual((yield* control.charges).length, 1)
    }))

  it.effect("R44: an answer lost after the charge is Unavailable, and a retry with the key returns it uncharged", () =>
    Effect.gen(function*() {
      const { control, gateway } = yield* makeSimulatedGateway()
      yield* control.failNext(1, { charged: true })
      assert.strictEqual(errorTag(yield* Effect.exit(gateway.charge(request("k")))), "unavailable")
      assert.strictEqual((yield* control.charges).length, 1)
      assert.deepStrictEqual(yield* gateway.charge(request("k")), { status: "succeeded", gatewayReference: "sim_ch_1" })
      assert.strictEqual((yield* control.charges).length, 1)
    }))

  it.effect("latency runs on the Clock, and an answer later than the timeout is Unavailable, uncharged", () =>
    Effect.gen(function*() {
      const { control, gateway } = yield* makeSimulatedGateway({ timeout: "10 seconds" })
      yield* control.setLatency("2 seconds")
      const slow = yield* Effect.forkChild(gateway.charge(request("slow")))
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual((yield* Fiber.join(slow)).status, "succeeded")
      yield* control.hold
      const hung = yield* Effect.forkChild(Effect.exit(gateway.charge(request("hung"))))
      yield* control.awaitHeld(1)
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(errorTag(yield* Fiber.join(hung)), "unavailable")
      assert.strictEqual((yield* control.charges).length, 1)
    }))

  it.effect("an interrupted first caller leaves the others with the same key an unknown outcome, not a hang", () =>
    Effect.gen(function*() {
      const { control, gateway } = yield* makeSimulatedGateway()
      yield* control.hold
      const first = yield* Effect.forkChild(gateway.charge(request("k")))
      yield* control.awaitHeld(1)
      const second = yield* Effect.forkChild(Effect.exit(gateway.charge(request("k"))))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(first)
      assert.strictEqual(errorTag(yield* Fiber.join(second)), "unavailable")
      yield* control.release
      assert.strictEqual((yield* gateway.charge(request("k"))).status, "succeeded")
    }))
})

/** The one-call layer: every port plus the test handles, a fresh world per build. */
import { assert, describe, it } from "@effect/vitest"
import { Entropy, PasswordHasher, PaymentGateway, Secrets, Store, Throttle } from "@corporate-groups/domain"
import { DateTime, Effect } from "effect"
import { MemoryAdapters } from "../src/memory/MemoryAdapters.js"
import { MemoryStoreFaults, MemoryStoreInspector } from "../src/memory/MemoryStoreInspector.js"
import { SimulatedGatewayControl } from "../src/memory/SimulatedGatewayControl.js"
import * as F from "./fixtures.js"

const masterKey = new Uint8Array(32).fill(7)

describe("MemoryAdapters.layer", () => {
  it.effect("provides every port and the test handles, sharing one store and one gateway", () =>
    Effect.gen(function*() {
      const store = yield* Store
      const inspector = yield* MemoryStoreInspector
      yield* MemoryStoreFaults
      yield* Throttle
      const gateway = yield* PaymentGateway
      const control = yield* SimulatedGatewayControl
      const hasher = yield* PasswordHasher
      yield* Secrets
      const entropy = yield* Entropy

      yield* store.transaction((tx) => tx.users.insert(F.user()))
      assert.strictEqual((yield* inspector.snapshot).users.length, 1)
      yield* gateway.charge({ chargeKey: "k", amount: F.group().phoneBalance, paymentMethod: "tok_visa", description: "" })
      assert.strictEqual((yield* control.charges).length, 1)
      assert.match(hasher.decoy, /^scrypt\$1024\$/)
      assert.strictEqual((yield* entropy.bytes(16)).length, 16)
    }).pipe(Effect.provide(MemoryAdapters.layer({ fastHashing: true }))))

  it.effect("each build is an independent, empty world", () =>
    Effect.gen(function*() {
      const write = Effect.gen(function*() {
        yield* (yield* Store).transaction((tx) => tx.users.insert(F.user()))
        yield* (yield* Throttle).recordFailure(["k"], DateTime.makeUnsafe(0))
        return {
          users: (yield* (yield* MemoryStoreInspector).snapshot).users.length,
          failures: (yield* (yield* Throttle).recentFailures([{ key: "k", limit: 10 }], DateTime.makeUnsafe(0)))[0]!.length
        }
      })
      const layer = MemoryAdapters.layer({ fastHashing: true })
      assert.deepStrictEqual(yield* Effect.provide(write, layer), { users: 1, failures: 1 })
      assert.deepStrictEqual(yield* Effect.provide(write, layer), { users: 1, failures: 1 })
    }))

  it.effect("a given master key makes sealed codes survive a rebuild", () =>
    Effect.gen(function*() {
      const layer = MemoryAdapters.layer({ fastHashing: true, masterKey })
      const sealed = yield* Effect.provide(Effect.flatMap(Secrets, (s) => s.sealCode("CODE")), layer)
      assert.strictEqual(yield* Effect.provide(Effect.flatMap(Secrets, (s) => s.openCode(sealed)), layer), "CODE")
    }))

  it.effect("R5: without fastHashing the hasher uses production parameters", () =>
    Effect.gen(function*() {
      assert.match((yield* PasswordHasher).decoy, /^scrypt\$131072\$8\$1\$/)
    }).pipe(Effect.provide(MemoryAdapters.layer())), 30_000)
})

/**
 * The use cases under faults only the in-memory adapter can inject
 * (`MemoryStoreFaults`): lost commits and retried transactions. The rest of
 * the use cases run as the contract (memory.contract.test.ts).
 */
import { MemoryAdapters, MemoryStoreFaults, MemoryStoreInspector, SimulatedGatewayControl } from "@corporate-groups/adapters"
import { payInvoice } from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { key, setUp, VISA } from "../src/contract/usecases/BillingFixtures.js"

const world = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(Effect.provide(MemoryAdapters.layer({ fastHashing: true })))

describe("R44: paying an invoice", () => {
  it.effect("R44: retried transactions charge once; a lost commit before the charge keeps nothing", () =>
    world(Effect.gen(function*() {
      const { admin, registered } = yield* setUp()
      const faults = yield* MemoryStoreFaults
      const gateway = yield* SimulatedGatewayControl
      const k = key()
      yield* faults.failNextCommits(1)
      expect((yield* Effect.flip(payInvoice(admin, registered.invoice.id, VISA, k)))._tag).toBe("unavailable")
      expect(yield* gateway.charges).toHaveLength(0)
      expect((yield* (yield* MemoryStoreInspector).snapshot).idempotency).toHaveLength(0)
      yield* faults.retryNextTransactions(2)
      const paid = yield* payInvoice(admin, registered.invoice.id, VISA, k)
      expect(paid.invoice.status).toBe("paid")
      expect(yield* gateway.charges).toHaveLength(1)
      const snapshot = yield* (yield* MemoryStoreInspector).snapshot
      expect(snapshot.payments).toHaveLength(1)
      expect(snapshot.chargeClaims).toHaveLength(0)
      expect(snapshot.outbox.filter((e) => e.type === "PaymentSucceeded")).toHaveLength(1)
      expect(snapshot.audit.filter((e) => e.item.action === "payment-succeeded")).toHaveLength(1)
    })))
})

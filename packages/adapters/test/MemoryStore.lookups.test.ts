/**
 * R44: a payment is looked up by its id, as an idempotent replay does to
 * answer with the payment the first request made.
 */
import { assert, describe, it } from "@effect/vitest"
import type { PaymentId } from "@corporate-groups/domain"
import { Effect, Option } from "effect"
import { makeMemoryStore } from "../src/memory/MemoryStore.js"
import * as F from "./fixtures.js"

describe("MemoryStore lookups", () => {
  it.effect("R44: payments.get finds a payment by id, in its own transaction and later; an unknown id is none", () =>
    Effect.gen(function*() {
      const { store } = yield* makeMemoryStore
      const g = F.group()
      const other = F.group()
      const i = F.invoice(g.id)
      const j = F.invoice(other.id)
      const declined = F.payment(i, { status: "failed", failureReason: "card_declined" })
      const succeeded = F.payment(i)
      const elsewhere = F.payment(j)
      const seen = yield* store.transaction((tx) =>
        Effect.gen(function*() {
          yield* tx.groups.insert(g)
          yield* tx.groups.insert(other)
          yield* tx.invoices.insert(i)
          yield* tx.invoices.insert(j)
          yield* tx.payments.insert(declined)
          yield* tx.payments.insert(succeeded)
          yield* tx.payments.insert(elsewhere)
          return yield* tx.payments.get(declined.id)
        })
      )
      assert.deepStrictEqual(seen, Option.some(declined))
      const found = yield* store.transaction((tx) =>
        Effect.forEach([declined, succeeded, elsewhere], (p) => tx.payments.get(p.id))
      )
      assert.deepStrictEqual(found, [Option.some(declined), Option.some(succeeded), Option.some(elsewhere)])
      const unknown = yield* store.transaction((tx) => tx.payments.get(F.id<PaymentId>()))
      assert.isTrue(Option.isNone(unknown))
    }))

  it.effect("R44: a payment of a rolled-back transaction is never found", () =>
    Effect.gen(function*() {
      const { store } = yield* makeMemoryStore
      const g = F.group()
      const i = F.invoice(g.id)
      const p = F.payment(i)
      yield* store.transaction((tx) => Effect.andThen(tx.groups.insert(g), tx.invoices.insert(i)))
      yield* Effect.exit(store.transaction((tx) => Effect.andThen(tx.payments.insert(p), Effect.fail("boom"))))
      assert.isTrue(Option.isNone(yield* store.transaction((tx) => tx.payments.get(p.id))))
    }))
})

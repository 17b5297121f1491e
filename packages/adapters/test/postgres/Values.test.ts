/**
 * Values survive the trip through either driver unchanged: times at
 * millisecond precision (R41's paid-through dates, R44's periods), money as
 * integer minor units up to 2^53 (R40), JSON payloads (R50).
 */
import { assert, describe, layer } from "@effect/vitest"
import type { Currency } from "@corporate-groups/domain"
import { DateTime, Effect } from "effect"
import * as fc from "fast-check"
import { PostgresDatabase } from "../../src/postgres/PostgresDatabase.js"
import { makePostgresInspector } from "../../src/postgres/PostgresInspector.js"
import { PostgresStore } from "../../src/postgres/PostgresStore.js"
import * as F from "../fixtures.js"
import { some } from "../support.js"
import { fresh, testDatabases } from "./Databases.js"

const ms = (t: DateTime.Utc | null) => (t === null ? null : DateTime.toEpochMillis(t))

/** 1900-01-01 to 9999-12-31, where timestamptz and JavaScript dates agree. */
const millis = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) })

describe.each(testDatabases)("values through $name", (database) => {
  layer(database.layer, { excludeTestServices: true, timeout: 60_000 })((it) => {
    it.effect("R41, R44: times round-trip at millisecond precision", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const db = yield* PostgresDatabase
        const samples = fc.sample(fc.tuple(millis, millis, fc.option(millis, { nil: null })), 60)
        const groups = samples.map(([created, paid]) =>
          F.group({ createdAt: DateTime.makeUnsafe(created), paidThrough: DateTime.makeUnsafe(paid) })
        )
        const invoices = samples.map(([created, , paidAt], i) =>
          F.invoice(groups[i]!.id, {
            issuedAt: DateTime.makeUnsafe(created),
            periodStart: null,
            periodEnd: null,
            paidAt: paidAt === null ? null : DateTime.makeUnsafe(paidAt)
          })
        )
        yield* store.transaction((tx) =>
          Effect.andThen(Effect.forEach(groups, tx.groups.insert), Effect.forEach(invoices, tx.invoices.insert)))
        const read = yield* store.transaction((tx) =>
          Effect.all([Effect.forEach(groups, (g) => tx.groups.get(g.id)), Effect.forEach(invoices, (i) => tx.invoices.get(i.id))])
        )
        assert.deepStrictEqual(read[0].map((g) => [ms(some(g).createdAt), ms(some(g).paidThrough)]), samples.map(([c, p]) => [c, p]))
        assert.deepStrictEqual(read[1].map((i) => [ms(some(i).issuedAt), ms(some(i).paidAt)]), samples.map(([c, , p]) => [c, p]))
        assert.strictEqual(db.driver, database.name)
      }), 60_000)

    it.effect("R40: money keeps every integer up to 2^53 - 1 exactly; R50: payloads come back as written", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const big = F.group({ phoneBalance: { amount: Number.MAX_SAFE_INTEGER, currency: "EUR" as Currency } })
        const event = { ...F.event(big.id), actor: { kind: "user" as const, id: "x" }, payload: { a: [1, "é😀", null], b: { c: true } } }
        yield* store.transaction((tx) => Effect.andThen(tx.groups.insert(big), tx.outbox.append([event])))
        const read = yield* store.transaction((tx) => tx.groups.get(big.id))
        assert.deepStrictEqual(some(read).phoneBalance, big.phoneBalance)
        const snapshot = yield* (yield* makePostgresInspector).snapshot
        assert.deepStrictEqual(snapshot.outbox.map((e) => [e.actor, e.target, e.payload]), [[event.actor, null, event.payload]])
      }), 60_000)
  })
})

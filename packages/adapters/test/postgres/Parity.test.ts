/**
 * The Postgres store and the memory store, given the same transactions (some
 * of them failing), commit the same state, and their inspectors show it in
 * the same shape: what the contract suite's invariant checks rely on. Only
 * store-assigned positions may differ (per table here, one counter there),
 * and an idempotency record shows the SHA-256 of its key, never the key.
 */
import { assert, describe, layer } from "@effect/vitest"
import type { Email, PaymentId, PhoneCall, PhoneCallId, PhoneNumber, StoreService, Tx } from "@corporate-groups/domain"
import { Effect } from "effect"
import * as fc from "fast-check"
import { makeMemoryStore } from "../../src/memory/MemoryStore.js"
import type { MemoryStoreSnapshot } from "../../src/memory/MemoryStoreInspector.js"
import { idempotencyKeyHash, makePostgresInspector } from "../../src/postgres/PostgresInspector.js"
import { PostgresStore } from "../../src/postgres/PostgresStore.js"
import * as F from "../fixtures.js"
import { fresh, testDatabases } from "./Databases.js"

/** A transaction made of concrete rows, so both stores get exactly the same ones. */
type Step = (tx: Tx) => Effect.Effect<void>

const world = () => {
  const g = F.group({ seats: 50 })
  const u = F.user()
  const i = F.invoice(g.id)
  const admin = F.admin(g.id)
  const setup: Step = (tx) =>
    Effect.all([
      tx.groups.insert(g),
      tx.users.insert(u),
      tx.admins.insert(admin),
      tx.invoices.insert(i),
      tx.memberships.insert(F.membership(u.id, g.id)),
      tx.groups.update({ ...g, members: 1 })
    ], { discard: true })
  const steps: ReadonlyArray<() => Step> = [
    () => {
      const v = F.user()
      const session = F.session(v.id)
      return (tx) => Effect.andThen(tx.users.insert(v), tx.sessions.insert(session))
    },
    () => (tx) => tx.users.update({ ...u, lastName: F.name("Petrova"), email: `renamed-${u.id}@example.com` as Email }),
    () => {
      const j = F.invoice(g.id)
      const declined = F.payment(j, { status: "failed", gatewayReference: null, failureReason: "card_declined" })
      return (tx) => Effect.andThen(tx.invoices.insert(j), tx.payments.insert(declined))
    },
    () => (tx) => tx.chargeClaims.put({ invoiceId: i.id, chargeKey: "charge-1", paymentMethod: "tok_visa", claimedAt: F.at() }),
    () => (tx) => tx.chargeClaims.delete(i.id),
    () => {
      const record = {
        accountId: u.id,
        key: "key-é",
        fingerprint: "f",
        outcome: { status: "declined" as const, paymentId: F.id<PaymentId>(), invoiceId: i.id },
        createdAt: F.at(),
        expiresAt: F.at(1_800_000_000_000)
      }
      return (tx) => tx.idempotency.put(record)
    },
    () => {
      const e1 = F.event(g.id)
      const e2 = { ...F.event(null), actor: { kind: "user" as const, id: u.id }, payload: { n: 1 } }
      return (tx) => tx.outbox.append([e1, e2])
    },
    () => {
      const a = F.auditEntry(g.id)
      return (tx) => tx.audit.append([a])
    },
    () => {
      const call: PhoneCall = {
        id: F.id<PhoneCallId>(),
        groupId: g.id,
        userId: u.id,
        phoneNumber: "+4930123456" as PhoneNumber,
        minutes: 3,
        cost: { ...g.phoneBalance, amount: 30 },
        at: F.at()
      }
      return (tx) => tx.phoneCalls.insert(call)
    },
    () => (tx) => tx.memberships.delete(u.id)
  ]
  return { setup, steps }
}

const byId = <A extends { readonly id: string }>(rows: ReadonlyArray<A>) => rows.toSorted((a, b) => a.id.localeCompare(b.id))

/** Positions as ranks, unordered tables by id: what two correct stores must agree on. */
const normalize = (s: MemoryStoreSnapshot, hashKeys: boolean) => {
  return {
    users: byId(s.users),
    admins: byId(s.admins),
    groups: byId(s.groups),
    memberships: s.memberships.toSorted((a, b) => a.userId.localeCompare(b.userId)),
    invoices: s.invoices.map((r) => r.item),
    chargeClaims: s.chargeClaims.toSorted((a, b) => a.invoiceId.localeCompare(b.invoiceId)),
    payments: s.payments.map((r) => r.item),
    idempotency: s.idempotency.map((r) => (hashKeys ? { ...r, key: idempotencyKeyHash(r.key) } : r)),
    sessions: byId(s.sessions),
    phoneCalls: byId(s.phoneCalls),
    outbox: s.outbox,
    audit: s.audit.map((r) => r.item)
  }
}

const apply = (store: StoreService, setup: Step, plan: ReadonlyArray<{ readonly step: Step; readonly fails: boolean }>) =>
  Effect.gen(function*() {
    yield* store.transaction(setup)
    for (const { fails, step } of plan) {
      yield* Effect.exit(store.transaction((tx) => (fails ? Effect.andThen(step(tx), Effect.fail("rolled back")) : step(tx))))
    }
  })

describe.each(testDatabases)("Postgres and memory stores on $name", (database) => {
  layer(database.layer, { excludeTestServices: true, timeout: 120_000 })((it) => {
    it.effect("R50: the same transactions commit the same state, seen through the same snapshot shape", () =>
      Effect.gen(function*() {
        const postgres = yield* PostgresStore.make()
        const inspector = yield* makePostgresInspector
        const plans = fc.sample(fc.array(fc.record({ step: fc.nat({ max: 9 }), fails: fc.boolean() }), { maxLength: 15 }), 15)
        for (const picks of plans) {
          yield* fresh
          const { setup, steps } = world()
          const plan = picks.map(({ fails, step }) => ({ step: steps[step]!(), fails }))
          const memory = yield* makeMemoryStore
          yield* apply(memory.store, setup, plan)
          yield* apply(postgres, setup, plan)
          assert.deepStrictEqual(normalize(yield* inspector.snapshot, false), normalize(yield* memory.inspector.snapshot, true))
        }
      }), 60_000)
  })
})

/**
 * The keys and CHECKs a database would enforce, as the last line of defence
 * behind the domain's own checks: breaking one is a defect, and it takes the
 * whole transaction down with it.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Email, StoreService, TrueconfId, Tx } from "@corporate-groups/domain"
import { Effect, Exit } from "effect"
import { makeMemoryStore } from "../src/memory/MemoryStore.js"
import * as F from "./fixtures.js"
import { some, violatedConstraint } from "./support.js"

/** Runs `f` in a fresh store after `setup` committed, and returns the constraint it died on. */
const violation = (setup: (tx: Tx) => Effect.Effect<void>, f: (tx: Tx) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    const { store } = yield* makeMemoryStore
    yield* store.transaction(setup)
    return violatedConstraint(yield* Effect.exit(store.transaction(f)))
  })

const withStore = <A, E>(f: (store: StoreService) => Effect.Effect<A, E>) => Effect.flatMap(makeMemoryStore, ({ store }) => f(store))

describe("MemoryStore constraints", () => {
  it.effect("R2: a TrueConf ID is unique among users, case-insensitively", () =>
    Effect.gen(function*() {
      const a = F.user({ trueconfId: "anna@t.trueconf.com" as TrueconfId })
      const b = F.user({ trueconfId: "ANNA@t.trueconf.com" as TrueconfId })
      assert.strictEqual(
        yield* violation((tx) => tx.users.insert(a), (tx) => tx.users.insert(b)),
        "users_trueconf_id_key"
      )
    }))

  it.effect("R2: an email is unique among users and admins alike", () =>
    Effect.gen(function*() {
      const g = F.group()
      const u = F.user({ email: "boss@example.com" as Email })
      const setup = (tx: Tx) => Effect.andThen(tx.groups.insert(g), tx.users.insert(u))
      assert.strictEqual(
        yield* violation(setup, (tx) => tx.admins.insert(F.admin(g.id, { email: "Boss@Example.com" as Email }))),
        "accounts_email_key"
      )
      assert.strictEqual(
        yield* violation(setup, (tx) => tx.users.insert(F.user({ email: u.email }))),
        "accounts_email_key"
      )
    }))

  it.effect("R2: changing an email frees the old one and takes the new one", () =>
    withStore((store) =>
      Effect.gen(function*() {
        const u = F.user({ email: "old@example.com" as Email })
        yield* store.transaction((tx) => tx.users.insert(u))
        yield* store.transaction((tx) => tx.users.update({ ...u, email: "new@example.com" as Email }))
        const [byOld, byNew] = yield* store.transaction((tx) =>
          Effect.all([tx.accounts.findByEmail("old@example.com" as Email), tx.accounts.findByEmail("new@example.com" as Email)])
        )
        assert.isTrue(byOld._tag === "None")
        assert.strictEqual(some(byNew).id, u.id)
        // The freed address can be taken by another account.
        yield* store.transaction((tx) => tx.users.insert(F.user({ email: "old@example.com" as Email })))
      })
    ))

  it.effect("R10: a user has at most one membership", () =>
    Effect.gen(function*() {
      const g1 = F.group()
      const g2 = F.group()
      const u = F.user()
      const setup = (tx: Tx) =>
        Effect.all([tx.groups.insert(g1), tx.groups.insert(g2), tx.users.insert(u), tx.memberships.insert(F.membership(u.id, g1.id))], {
          discard: true
        })
      assert.strictEqual(
        yield* violation(setup, (tx) => tx.memberships.insert(F.membership(u.id, g2.id))),
        "memberships_pkey"
      )
    }))

  it.effect("R10: a membership needs an existing user and group", () =>
    Effect.gen(function*() {
      const g = F.group()
      const u = F.user()
      assert.strictEqual(
        yield* violation((tx) => tx.groups.insert(g), (tx) => tx.memberships.insert(F.membership(u.id, g.id))),
        "memberships_user_id_fkey"
      )
      assert.strictEqual(
        yield* violation((tx) => tx.users.insert(u), (tx) => tx.memberships.insert(F.membership(u.id, g.id))),
        "memberships_group_id_fkey"
      )
    }))

  it.effect("R11: a group never holds more members than seats, nor fewer than none", () =>
    Effect.gen(function*() {
      const g = F.group({ seats: 2, members: 2 })
      assert.strictEqual(
        yield* violation((tx) => tx.groups.insert(g), (tx) => tx.groups.update({ ...g, members: 3 })),
        "groups_members_check"
      )
      assert.strictEqual(
        yield* violation((tx) => tx.groups.insert(g), (tx) => tx.groups.update({ ...g, seats: 1 })),
        "groups_members_check"
      )
      assert.strictEqual(
        yield* violation(() => Effect.void, (tx) => tx.groups.insert(F.group({ members: -1 }))),
        "groups_members_check"
      )
    }))

  it.effect("R45: a phone balance never goes below zero", () =>
    Effect.gen(function*() {
      const g = F.group()
      assert.strictEqual(
        yield* violation(
          (tx) => tx.groups.insert(g),
          (tx) => tx.groups.update({ ...g, phoneBalance: { ...g.phoneBalance, amount: -1 } })
        ),
        "groups_phone_balance_check"
      )
    }))

  it.effect("R15: a code lookup hash belongs to one group; rotating frees the old one", () =>
    Effect.gen(function*() {
      const g = F.group()
      assert.strictEqual(
        yield* violation(
          (tx) => tx.groups.insert(g),
          (tx) => tx.groups.insert(F.group({ code: { lookupHash: g.code.lookupHash, sealed: "x" } }))
        ),
        "groups_code_lookup_hash_key"
      )
      const { store } = yield* makeMemoryStore
      yield* store.transaction((tx) => tx.groups.insert(g))
      yield* store.transaction((tx) => tx.groups.update({ ...g, code: { lookupHash: "rotated", sealed: "s" } }))
      const [old, rotated] = yield* store.transaction((tx) =>
        Effect.all([tx.groups.findByCodeHash(g.code.lookupHash), tx.groups.findByCodeHash("rotated")])
      )
      assert.isTrue(old._tag === "None")
      assert.strictEqual(some(rotated).id, g.id)
    }))

  it.effect("a session token hash is unique", () =>
    Effect.gen(function*() {
      const u = F.user()
      const s = F.session(u.id)
      assert.strictEqual(
        yield* violation((tx) => tx.sessions.insert(s), (tx) => tx.sessions.insert(F.session(u.id, { tokenHash: s.tokenHash }))),
        "sessions_token_hash_key"
      )
    }))

  it.effect("R44: an invoice changes only in status and paidAt, and a paid or void one never again", () =>
    Effect.gen(function*() {
      const g = F.group()
      const i = F.invoice(g.id)
      const setup = (tx: Tx) => Effect.andThen(tx.groups.insert(g), tx.invoices.insert(i))
      assert.strictEqual(
        yield* violation(setup, (tx) => tx.invoices.update({ ...i, amount: { ...i.amount, amount: 1 } })),
        "invoices_immutable"
      )
      const paid = { ...i, status: "paid" as const, paidAt: F.at(1_700_000_100_000) }
      assert.strictEqual(
        yield* violation(
          (tx) => Effect.andThen(setup(tx), tx.invoices.update(paid)),
          (tx) => tx.invoices.update({ ...paid, status: "void", paidAt: null })
        ),
        "invoices_status_final"
      )
    }))

  it.effect("R44: the same idempotency key of one account is one record (put replaces)", () =>
    withStore((store) =>
      Effect.gen(function*() {
        const u = F.user()
        const record = { accountId: u.id, key: "k", fingerprint: "a", outcome: null, createdAt: F.at(), expiresAt: F.at(1_800_000_000_000) }
        yield* store.transaction((tx) => tx.idempotency.put(record))
        yield* store.transaction((tx) => tx.idempotency.put({ ...record, fingerprint: "b" }))
        const [mine, other] = yield* store.transaction((tx) =>
          Effect.all([tx.idempotency.get(u.id, "k"), tx.idempotency.get(F.user().id, "k")])
        )
        assert.strictEqual(some(mine).fingerprint, "b")
        assert.isTrue(other._tag === "None")
      })
    ))

  it.effect("a violated constraint rolls back every earlier write of its transaction", () =>
    Effect.gen(function*() {
      const { inspector, store } = yield* makeMemoryStore
      const u = F.user()
      yield* store.transaction((tx) => tx.users.insert(u))
      const exit = yield* Effect.exit(store.transaction((tx) =>
        Effect.gen(function*() {
          yield* tx.groups.insert(F.group())
          yield* tx.outbox.append([F.event(null)])
          yield* tx.users.insert(F.user({ trueconfId: u.trueconfId }))
        })
      ))
      assert.isTrue(Exit.isFailure(exit))
      const snapshot = yield* inspector.snapshot
      assert.strictEqual(snapshot.groups.length, 0)
      assert.strictEqual(snapshot.outbox.length, 0)
      assert.strictEqual(snapshot.users.length, 1)
    }))
})

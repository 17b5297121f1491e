/**
 * The keys and CHECKs of the schema, the last line of defence behind the
 * domain's own checks (R2, R10, R11, R15, R44, R45): breaking one is a defect
 * named after the constraint, as in the memory store, and it takes the whole
 * transaction down with it.
 */
import { assert, describe, layer } from "@effect/vitest"
import type { Email, TrueconfId, Tx } from "@corporate-groups/domain"
import { Effect, Exit } from "effect"
import { makePostgresInspector } from "../../src/postgres/PostgresInspector.js"
import { PostgresStore } from "../../src/postgres/PostgresStore.js"
import * as F from "../fixtures.js"
import { some, violatedConstraint } from "../support.js"
import { fresh, testDatabases } from "./Databases.js"

/** Runs `f` in an emptied database after `setup` committed, and returns the constraint it died on. */
const violation = (setup: (tx: Tx) => Effect.Effect<void>, f: (tx: Tx) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    yield* fresh
    const store = yield* PostgresStore.make()
    yield* store.transaction(setup)
    return violatedConstraint(yield* Effect.exit(store.transaction(f)))
  })

const none = () => Effect.void

describe.each(testDatabases)("Postgres constraints on $name", (database) => {
  layer(database.layer, { excludeTestServices: true, timeout: 60_000 })((it) => {
    it.effect("R2: a TrueConf ID is unique among users, case-insensitively", () =>
      Effect.gen(function*() {
        const a = F.user({ trueconfId: "anna@t.trueconf.com" as TrueconfId })
        const b = F.user({ trueconfId: "ANNA@t.trueconf.com" as TrueconfId })
        assert.strictEqual(yield* violation((tx) => tx.users.insert(a), (tx) => tx.users.insert(b)), "users_trueconf_id_key")
      }), 60_000)

    it.effect("R2: an email is unique among users and admins alike", () =>
      Effect.gen(function*() {
        const g = F.group()
        const u = F.user({ email: "boss@example.com" as Email })
        const setup = (tx: Tx) => Effect.andThen(tx.groups.insert(g), tx.users.insert(u))
        assert.strictEqual(
          yield* violation(setup, (tx) => tx.admins.insert(F.admin(g.id, { email: "Boss@Example.com" as Email }))),
          "accounts_email_key"
        )
        assert.strictEqual(yield* violation(setup, (tx) => tx.users.insert(F.user({ email: u.email }))), "accounts_email_key")
        const admin = F.admin(g.id, { email: "chief@example.com" as Email })
        assert.strictEqual(
          yield* violation(
            (tx) => Effect.andThen(setup(tx), tx.admins.insert(admin)),
            (tx) => tx.users.update({ ...u, email: admin.email })
          ),
          "accounts_email_key"
        )
      }), 60_000)

    it.effect("R2: changing an email frees the old one and takes the new one", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const u = F.user({ email: "old@example.com" as Email })
        yield* store.transaction((tx) => tx.users.insert(u))
        yield* store.transaction((tx) => tx.users.update({ ...u, email: "new@example.com" as Email }))
        const [byOld, byNew] = yield* store.transaction((tx) =>
          Effect.all([tx.accounts.findByEmail("old@example.com" as Email), tx.accounts.findByEmail("new@example.com" as Email)])
        )
        assert.isTrue(byOld._tag === "None")
        assert.strictEqual(some(byNew).id, u.id)
        yield* store.transaction((tx) => tx.users.insert(F.user({ email: "old@example.com" as Email })))
      }), 60_000)

    it.effect("R10: a user has at most one membership, of an existing user and group", () =>
      Effect.gen(function*() {
        const g1 = F.group()
        const g2 = F.group()
        const u = F.user()
        const setup = (tx: Tx) =>
          Effect.all([tx.groups.insert(g1), tx.groups.insert(g2), tx.users.insert(u), tx.memberships.insert(F.membership(u.id, g1.id))], {
            discard: true
          })
        assert.strictEqual(yield* violation(setup, (tx) => tx.memberships.insert(F.membership(u.id, g2.id))), "memberships_pkey")
        const stranger = F.user()
        assert.strictEqual(
          yield* violation((tx) => tx.groups.insert(g1), (tx) => tx.memberships.insert(F.membership(stranger.id, g1.id))),
          "memberships_user_id_fkey"
        )
        assert.strictEqual(
          yield* violation((tx) => tx.users.insert(stranger), (tx) => tx.memberships.insert(F.membership(stranger.id, g2.id))),
          "memberships_group_id_fkey"
        )
      }), 60_000)

    it.effect("R11: a group never holds more members than seats, nor fewer than none", () =>
      Effect.gen(function*() {
        const g = F.group({ seats: 2, members: 2 })
        assert.strictEqual(yield* violation((tx) => tx.groups.insert(g), (tx) => tx.groups.update({ ...g, members: 3 })), "groups_members_check")
        assert.strictEqual(yield* violation((tx) => tx.groups.insert(g), (tx) => tx.groups.update({ ...g, seats: 1 })), "groups_members_check")
        assert.strictEqual(yield* violation(none, (tx) => tx.groups.insert(F.group({ members: -1 }))), "groups_members_check")
        assert.strictEqual(yield* violation(none, (tx) => tx.groups.insert(F.group({ seats: 10_001 }))), "groups_seats_check")
      }), 60_000)

    it.effect("R45: a phone balance never goes below zero", () =>
      Effect.gen(function*() {
        const g = F.group()
        assert.strictEqual(
          yield* violation((tx) => tx.groups.insert(g), (tx) => tx.groups.update({ ...g, phoneBalance: { ...g.phoneBalance, amount: -1 } })),
          "groups_phone_balance_check"
        )
      }), 60_000)

    it.effect("R15: a code lookup hash belongs to one group; rotating frees the old one", () =>
      Effect.gen(function*() {
        const g = F.group()
        assert.strictEqual(
          yield* violation((tx) => tx.groups.insert(g), (tx) => tx.groups.insert(F.group({ code: { lookupHash: g.code.lookupHash, sealed: "x" } }))),
          "groups_code_lookup_hash_key"
        )
        yield* fresh
        const store = yield* PostgresStore.make()
        yield* store.transaction((tx) => tx.groups.insert(g))
        yield* store.transaction((tx) => tx.groups.update({ ...g, code: { lookupHash: "rotated", sealed: "s" } }))
        const [old, rotated] = yield* store.transaction((tx) =>
          Effect.all([tx.groups.findByCodeHash(g.code.lookupHash), tx.groups.findByCodeHash("rotated")])
        )
        assert.isTrue(old._tag === "None")
        assert.strictEqual(some(rotated).id, g.id)
      }), 60_000)

    it.effect("a session token hash is unique", () =>
      Effect.gen(function*() {
        const u = F.user()
        const s = F.session(u.id)
        assert.strictEqual(
          yield* violation((tx) => tx.sessions.insert(s), (tx) => tx.sessions.insert(F.session(u.id, { tokenHash: s.tokenHash }))),
          "sessions_token_hash_key"
        )
      }), 60_000)

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
          yield* violation((tx) => Effect.andThen(setup(tx), tx.invoices.update(paid)), (tx) => tx.invoices.update({ ...paid, status: "void", paidAt: null })),
          "invoices_status_final"
        )
      }), 60_000)

    it.effect("R44: an invoice is paid by one succeeded payment; a claim needs its invoice", () =>
      Effect.gen(function*() {
        const g = F.group()
        const i = F.invoice(g.id)
        const setup = (tx: Tx) => Effect.all([tx.groups.insert(g), tx.invoices.insert(i), tx.payments.insert(F.payment(i))], { discard: true })
        assert.strictEqual(yield* violation(setup, (tx) => tx.payments.insert(F.payment(i))), "payments_one_success_per_invoice")
        assert.strictEqual(
          yield* violation(none, (tx) => tx.chargeClaims.put({ invoiceId: i.id, chargeKey: "k", paymentMethod: "tok_visa", claimedAt: F.at() })),
          "charge_claims_invoice_id_fkey"
        )
      }), 60_000)

    it.effect("updates of missing rows are defects", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* violation(none, (tx) => tx.users.update(F.user())), "users_pkey")
        assert.strictEqual(yield* violation(none, (tx) => tx.groups.update(F.group())), "groups_pkey")
      }), 60_000)

    it.effect("a violated constraint rolls back every earlier write of its transaction", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const inspector = yield* makePostgresInspector
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
      }), 60_000)
  })
})

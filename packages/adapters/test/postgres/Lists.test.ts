/**
 * R16: members are paged in the domain's member order by keyset, for names
 * with case, accents and characters beyond the BMP (where UTF-16 order and
 * code point order differ), and a rename moves a member; R44, R51:
 * positioned lists are newest first by the store's position.
 */
import { assert, describe, layer } from "@effect/vitest"
import { compareMemberKeys, type Member, type MemberKey, memberKey, type Positioned, type User } from "@corporate-groups/domain"
import { Effect } from "effect"
import * as fc from "fast-check"
import { PostgresStore } from "../../src/postgres/PostgresStore.js"
import * as F from "../fixtures.js"
import { fresh, testDatabases } from "./Databases.js"

/** Case, accents (precomposed and not), astral letters, and many ties so the id breaks them. */
const personName = fc.constantFrom(
  "ivanov", "Ivanov", "IVANOV", "Ärzte", "ärzte", "A\u0308rzte", "Zed", "abc", "Ābc", "𝒜lpha", "\uFFFDx", "ǅemal", "ß", "SS", "Ωmega", "b"
)

const pageThrough = <E>(page: (after: MemberKey | null) => Effect.Effect<ReadonlyArray<Member>, E>) =>
  Effect.gen(function*() {
    const seen: Array<Member> = []
    let after: MemberKey | null = null
    for (;;) {
      const rows: ReadonlyArray<Member> = yield* page(after)
      if (rows.length === 0) return seen
      seen.push(...rows)
      after = memberKey(rows[rows.length - 1]!.user)
    }
  })

const inMemberOrder = (users: ReadonlyArray<User>) =>
  users.toSorted((a, b) => compareMemberKeys(memberKey(a), memberKey(b))).map((u) => u.id)

const newestFirst = <A>(rows: ReadonlyArray<Positioned<A>>) =>
  rows.every((row, i) => i === 0 || rows[i - 1]!.position > row.position)

describe.each(testDatabases)("Postgres lists on $name", (database) => {
  layer(database.layer, { excludeTestServices: true, timeout: 120_000 })((it) => {
    it.effect("R16: paging with any limit yields every member exactly once, in the domain's member order", () =>
      Effect.gen(function*() {
        const store = yield* PostgresStore.make()
        const cases = fc.sample(
          fc.tuple(fc.array(fc.record({ first: personName, last: personName }), { maxLength: 30 }), fc.integer({ min: 1, max: 12 })),
          25
        )
        for (const [names, limit] of cases) {
          yield* fresh
          const g = F.group({ seats: 100 })
          const other = F.group()
          const users = names.map(({ first, last }) => F.user({ firstName: F.name(first), lastName: F.name(last) }))
          yield* store.transaction((tx) =>
            Effect.gen(function*() {
              yield* tx.groups.insert(g)
              yield* tx.groups.insert(other)
              for (const u of users) {
                yield* tx.users.insert(u)
                yield* tx.memberships.insert(F.membership(u.id, g.id))
              }
              const stranger = F.user()
              yield* tx.users.insert(stranger)
              yield* tx.memberships.insert(F.membership(stranger.id, other.id))
            })
          )
          const seen = yield* pageThrough((after) => store.transaction((tx) => tx.memberships.page(g.id, after, limit)))
          assert.deepStrictEqual(seen.map((m) => m.user.id), inMemberOrder(users))
        }
      }), 60_000)

    it.effect("R16: a renamed member moves to its new place; a member joining between pages is neither repeated nor hides anyone", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const g = F.group({ seats: 10 })
        const users = ["Adams", "Brown", "Clark", "Evans"].map((last) => F.user({ lastName: F.name(last) }))
        yield* store.transaction((tx) =>
          Effect.gen(function*() {
            yield* tx.groups.insert(g)
            for (const u of users) {
              yield* tx.users.insert(u)
              yield* tx.memberships.insert(F.membership(u.id, g.id))
            }
          })
        )
        // Joined in another transaction than the one that made the user: the keys come from the stored names.
        const late = F.user({ lastName: F.name("Davis") })
        yield* store.transaction((tx) => tx.users.insert(late))
        const first = yield* store.transaction((tx) => tx.memberships.page(g.id, null, 2))
        yield* store.transaction((tx) => tx.memberships.insert(F.membership(late.id, g.id)))
        yield* store.transaction((tx) => tx.users.update({ ...users[0]!, lastName: F.name("Young") }))
        const rest = yield* store.transaction((tx) => tx.memberships.page(g.id, memberKey(first[1]!.user), 10))
        assert.deepStrictEqual([...first, ...rest].map((m) => m.user.lastName), ["Adams", "Brown", "Clark", "Davis", "Evans", "Young"])
        const all = yield* store.transaction((tx) => tx.memberships.page(g.id, null, 10))
        assert.deepStrictEqual(all.map((m) => m.user.lastName), ["Brown", "Clark", "Davis", "Evans", "Young"])
      }), 60_000)

    it.effect("R44, R51: invoices, payments and audit entries list newest first, strictly before the cursor", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const g = F.group()
        const elsewhere = F.group()
        const invoices = Array.from({ length: 5 }, () => F.invoice(g.id))
        yield* store.transaction((tx) =>
          Effect.gen(function*() {
            yield* tx.groups.insert(g)
            yield* tx.groups.insert(elsewhere)
            for (const i of invoices) {
              yield* tx.invoices.insert(i)
              yield* tx.payments.insert(F.payment(i))
              yield* tx.audit.append([F.auditEntry(g.id)])
            }
            yield* tx.invoices.insert(F.invoice(elsewhere.id))
            yield* tx.audit.append([F.auditEntry(elsewhere.id)])
          })
        )
        const all = yield* store.transaction((tx) => tx.invoices.list(g.id, { before: null, limit: 10 }))
        assert.deepStrictEqual(all.map((r) => r.item.id), invoices.toReversed().map((i) => i.id))
        assert.isTrue(newestFirst(all))
        const page1 = yield* store.transaction((tx) => tx.invoices.list(g.id, { before: null, limit: 2 }))
        const page2 = yield* store.transaction((tx) => tx.invoices.list(g.id, { before: page1[1]!.position, limit: 2 }))
        const page3 = yield* store.transaction((tx) => tx.invoices.list(g.id, { before: page2[1]!.position, limit: 2 }))
        assert.deepStrictEqual([...page1, ...page2, ...page3].map((r) => r.item.id), all.map((r) => r.item.id))
        const payments = yield* store.transaction((tx) => tx.payments.list(g.id, { before: null, limit: 10 }))
        assert.strictEqual(payments.length, 5)
        assert.isTrue(newestFirst(payments))
        const audit = yield* store.transaction((tx) => tx.audit.list(g.id, { before: null, limit: 10 }))
        assert.strictEqual(audit.length, 5)
        assert.isTrue(newestFirst(audit))
        assert.isTrue(audit.every((r) => r.item.groupId === g.id))
        const open = yield* store.transaction((tx) => tx.invoices.listOpen(g.id))
        assert.deepStrictEqual(open.map((i) => i.id), invoices.map((i) => i.id))
      }), 60_000)

    it.effect("R5: deleteAllBut ends every other session of the account and keeps the one named", () =>
      Effect.gen(function*() {
        yield* fresh
        const store = yield* PostgresStore.make()
        const u = F.user()
        const other = F.user()
        const [keep, drop1, drop2, foreign] = [F.session(u.id), F.session(u.id), F.session(u.id), F.session(other.id)]
        yield* store.transaction((tx) => Effect.forEach([keep, drop1, drop2, foreign], tx.sessions.insert, { discard: true }))
        yield* store.transaction((tx) => tx.sessions.deleteAllBut(u.id, keep.id))
        const found = yield* store.transaction((tx) =>
          Effect.forEach([keep, drop1, drop2, foreign], (s) => tx.sessions.findByTokenHash(s.tokenHash)))
        assert.deepStrictEqual(found.map((o) => o._tag), ["Some", "None", "None", "Some"])
      }), 60_000)
  })
})

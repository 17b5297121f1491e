/**
 * R16: members are paged in the domain's member order by keyset, and R44,
 * R51: positioned lists are newest first by the store's position.
 */
import { assert, describe, it } from "@effect/vitest"
import { compareMemberKeys, type Member, type MemberKey, memberKey, type Positioned } from "@corporate-groups/domain"
import { Effect } from "effect"
import * as fc from "fast-check"
import { makeMemoryStore } from "../src/memory/MemoryStore.js"
import * as F from "./fixtures.js"
import { runProperty } from "./support.js"

/** Names with case and non-ASCII variety, and many ties, so the tie-break by id is exercised. */
const personName = fc.constantFrom("ivanov", "Ivanov", "IVANOV", "Ärzte", "ärzte", "Zed", "abc", "Ābc", "𝒜lpha", "b")

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

const newestFirst = <A>(rows: ReadonlyArray<Positioned<A>>) =>
  rows.every((row, i) => i === 0 || rows[i - 1]!.position > row.position)

describe("MemoryStore lists", () => {
  it("R16: paging with any limit yields every member exactly once, in member order", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ first: personName, last: personName }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (names, limit) =>
          runProperty(Effect.gen(function*() {
            const { store } = yield* makeMemoryStore
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
                // A member of another group must never show up.
                const stranger = F.user()
                yield* tx.users.insert(stranger)
                yield* tx.memberships.insert(F.membership(stranger.id, other.id))
              })
            )
            const seen = yield* pageThrough((after) => store.transaction((tx) => tx.memberships.page(g.id, after, limit)))
            const expected = users.toSorted((a, b) => compareMemberKeys(memberKey(a), memberKey(b))).map((u) => u.id)
            assert.deepStrictEqual(seen.map((m) => m.user.id), expected)
          }))
      ),
      { numRuns: 150 }
    ))

  it.effect("R16: a member joining between two pages is neither repeated nor hides anyone", () =>
    Effect.gen(function*() {
      const { store } = yield* makeMemoryStore
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
      const first = yield* store.transaction((tx) => tx.memberships.page(g.id, null, 2))
      const early = F.user({ lastName: F.name("Aaron") })
      const late = F.user({ lastName: F.name("Davis") })
      yield* store.transaction((tx) =>
        Effect.forEach([early, late], (u) => Effect.andThen(tx.users.insert(u), tx.memberships.insert(F.membership(u.id, g.id))), {
          discard: true
        })
      )
      const rest = yield* store.transaction((tx) => tx.memberships.page(g.id, memberKey(first[1]!.user), 10))
      assert.deepStrictEqual([...first, ...rest].map((m) => m.user.lastName), ["Adams", "Brown", "Clark", "Davis", "Evans"])
    }))

  it.effect("R44, R51: invoices, payments and audit entries list newest first, strictly before the cursor", () =>
    Effect.gen(function*() {
      const { store } = yield* makeMemoryStore
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
    }))

  it.effect("R44: listOpen returns the group's invoices whose stored status is open", () =>
    Effect.gen(function*() {
      const { store } = yield* makeMemoryStore
      const g = F.group()
      const open = F.invoice(g.id)
      const paid = F.invoice(g.id)
      yield* store.transaction((tx) =>
        Effect.gen(function*() {
          yield* tx.groups.insert(g)
          yield* tx.invoices.insert(open)
          yield* tx.invoices.insert(paid)
          yield* tx.invoices.update({ ...paid, status: "paid", paidAt: F.at() })
        })
      )
      const listed = yield* store.transaction((tx) => tx.invoices.listOpen(g.id))
      assert.deepStrictEqual(listed.map((i) => i.id), [open.id])
    }))

  it.effect("R5: deleteAllBut ends every other session of the account and keeps the one named", () =>
    Effect.gen(function*() {
      const { inspector, store } = yield* makeMemoryStore
      const u = F.user()
      const other = F.user()
      const [keep, drop1, drop2, foreign] = [F.session(u.id), F.session(u.id), F.session(u.id), F.session(other.id)]
      yield* store.transaction((tx) => Effect.forEach([keep, drop1, drop2, foreign], tx.sessions.insert, { discard: true }))
      yield* store.transaction((tx) => tx.sessions.deleteAllBut(u.id, keep.id))
      const ids = (yield* inspector.snapshot).sessions.map((s) => s.id).toSorted()
      assert.deepStrictEqual(ids, [keep.id, foreign.id].toSorted())
      const found = yield* store.transaction((tx) => tx.sessions.findByTokenHash(drop1.tokenHash))
      assert.isTrue(found._tag === "None")
    }))
})

import { Effect, Option, Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { ValidationFailed } from "../../errors/DomainErrors.js"
import type { User } from "../../model/Accounts.js"
import type { Member } from "../../model/Membership.js"
import type { Positioned } from "../../ports/Store.js"
import { compareMemberKeys, type MemberKey, memberKey } from "../../rules/MemberOrder.js"
import { encodeCursor, type Page } from "../../values/Page.js"
import {
  cursorOf,
  decodePageQuery,
  keyOfCursor,
  membersKeyset,
  newestFirstPage,
  type PageQuery,
  positionKeyset,
  readPage
} from "./Paging.js"

const decodeMembers = decodePageQuery(membersKeyset)
const decodePositions = decodePageQuery(positionKeyset)

const run = <A>(effect: Effect.Effect<A, ValidationFailed>) => Effect.runSync(Effect.result(effect))
const fieldsOf = <A>(effect: Effect.Effect<A, ValidationFailed>): ReadonlyArray<string> => {
  const result = run(effect)
  if (Result.isSuccess(result)) throw new Error("expected a validation failure")
  return result.failure.errors.map((error) => error.field)
}
const fieldsOfErrors = (failure: ValidationFailed): ReadonlyArray<string> => failure.errors.map((error) => error.field)
const queryOf = <A>(effect: Effect.Effect<A, ValidationFailed>): A => {
  const result = run(effect)
  if (Result.isFailure(result)) throw new Error(`unexpected failure ${JSON.stringify(result.failure.errors)}`)
  return result.success
}

// Names as values/PersonName.ts admits them (no control characters), from a
// small alphabet so that ties and case-folded ties are frequent.
const nameUnit = fc.constantFrom("a", "A", "b", "B", "é", "É", "ß", "ı", "İ", "𝒜", " ", "-")
const name = fc.string({ unit: nameUnit, minLength: 1, maxLength: 3 })
const anyName = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((s) => !/\p{Cc}/u.test(s))
type Person = Pick<User, "id" | "firstName" | "lastName">
const person = (fields: { id: string; firstName: string; lastName: string }): Person => fields as Person

const memberKeyArb: fc.Arbitrary<MemberKey> = fc.record({ lastName: anyName, firstName: anyName, id: fc.uuid() })
  .map((fields) => memberKey(person(fields)))

const fakeMember = (user: Person): Member => ({ user, joinedAt: undefined }) as unknown as Member

const people = (ids: fc.Arbitrary<ReadonlyArray<string>>): fc.Arbitrary<ReadonlyArray<Person>> =>
  ids.chain((list) =>
    fc.tuple(...list.map((id) => fc.record({ id: fc.constant(id), firstName: name, lastName: name }).map(person)))
  )

/** An in-memory `memberships.page`: strictly after `after` in the members order. */
const fetchFrom = (rows: ReadonlyArray<Member>) => (after: MemberKey | null, limit: number) =>
  Effect.succeed(
    rows
      .toSorted((a, b) => compareMemberKeys(memberKey(a.user), memberKey(b.user)))
      .filter((row) => after === null || compareMemberKeys(memberKey(row.user), after) > 0)
      .slice(0, limit)
  )

const pageOf = (rows: ReadonlyArray<Member>, query: PageQuery<MemberKey>): Page<Member> =>
  Effect.runSync(readPage(membersKeyset, query, fetchFrom(rows)))

describe("Paging: list queries (R16, API.md §5 Lists)", () => {
  it("R16: limit defaults to 50 and no cursor starts from the beginning", () => {
    expect(queryOf(decodeMembers({}))).toEqual({ limit: 50, after: null })
    expect(queryOf(decodeMembers(undefined))).toEqual({ limit: 50, after: null })
    expect(queryOf(decodeMembers({ limit: null, cursor: null }))).toEqual({ limit: 50, after: null })
    expect(queryOf(decodePositions({ limit: "200" }))).toEqual({ limit: 200, after: null })
  })

  it("R16: limit is a whole number 1–200, from a number or a query-string string", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.boolean(), (limit, asString) => {
      expect(queryOf(decodeMembers({ limit: asString ? String(limit) : limit })).limit).toBe(limit)
    }))
    for (const limit of [0, 201, -1, 1.5, "0", "201", "1.5", "abc", "", " 5", true, [5]]) {
      expect(fieldsOf(decodeMembers({ limit }))).toEqual(["limit"])
    }
  })

  it("R16: a member cursor round-trips through encode and decode", () => {
    fc.assert(fc.property(memberKeyArb, (key) => {
      expect(Option.getOrNull(keyOfCursor(membersKeyset, cursorOf(membersKeyset, key)))).toEqual(key)
      expect(queryOf(decodeMembers({ cursor: cursorOf(membersKeyset, key) })).after).toEqual(key)
    }))
  })

  it("R16: a position cursor round-trips through encode and decode", () => {
    fc.assert(fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (position) => {
      expect(queryOf(decodePositions({ cursor: cursorOf(positionKeyset, position), limit: 3 })))
        .toEqual({ limit: 3, after: position })
    }))
  })

  it("R16: any string is either refused on `cursor` or is exactly the cursor of the key it carries", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/)), (cursor) => {
      const members = run(decodeMembers({ cursor }))
      const positions = run(decodePositions({ cursor }))
      expect(Result.isFailure(members) ? fieldsOfErrors(members.failure) : cursorOf(membersKeyset, members.success.after!))
        .toEqual(Result.isFailure(members) ? ["cursor"] : cursor)
      expect(Result.isFailure(positions) ? fieldsOfErrors(positions.failure) : cursorOf(positionKeyset, positions.success.after!))
        .toEqual(Result.isFailure(positions) ? ["cursor"] : cursor)
    }))
  })

  it("R16: malformed, tampered and foreign cursors are validation failures on `cursor`", () => {
    const key = { lastName: "doe", firstName: "ann", id: "0190a6c4-0000-7000-8000-000000000001" }
    const good = cursorOf(membersKeyset, key)
    const malformed: ReadonlyArray<unknown> = [
      "",
      "not a cursor",
      good + "A",
      good.slice(0, -1),
      good + "=",
      cursorOf(positionKeyset, 7), // a cursor of another list
      encodeCursor(["doe", "ann"]), // wrong arity
      encodeCursor(["doe", "ann", "not-an-id"]),
      encodeCursor(["do\u0000e", "ann", key.id]), // no stored name has a control character
      encodeCursor(["do\uD800e", "ann", key.id]) // nor a lone surrogate
    ]
    for (const cursor of malformed) expect(fieldsOf(decodeMembers({ cursor }))).toEqual(["cursor"])
    for (const part of ["-1", "1.5", "01", "1e3", "", " 1", "9007199254740993", "x"]) {
      expect(fieldsOf(decodePositions({ cursor: encodeCursor([part]) }))).toEqual(["cursor"])
    }
    expect(fieldsOf(decodePositions({ cursor: good }))).toEqual(["cursor"])
    expect(fieldsOf(decodeMembers({ cursor: 42 }))).toEqual(["cursor"])
  })

  it("R16: a bad limit and a bad cursor are reported together", () => {
    expect(fieldsOf(decodeMembers({ limit: "0", cursor: "nope" }))).toEqual(["limit", "cursor"])
  })
})

describe("Paging: reading pages (R16)", () => {
  it("R16: paging through a list shows every row once, in order, and the last page's nextCursor is null", () => {
    fc.assert(fc.property(
      people(fc.uniqueArray(fc.uuid(), { maxLength: 25 })),
      fc.integer({ min: 1, max: 7 }),
      (users, limit) => {
        const rows = users.map(fakeMember)
        const seen: Array<Member> = []
        let query: PageQuery<MemberKey> = { limit, after: null }
        for (;;) {
          const page = pageOf(rows, query)
          expect(page.items.length).toBeLessThanOrEqual(limit)
          seen.push(...page.items)
          if (page.nextCursor === null) break
          expect(page.items.length).toBe(limit)
          query = queryOf(decodeMembers({ limit, cursor: page.nextCursor }))
        }
        expect(seen.map((m) => m.user.id)).toEqual(
          rows.toSorted((a, b) => compareMemberKeys(memberKey(a.user), memberKey(b.user))).map((m) => m.user.id)
        )
      }
    ))
  })

  it("R16: a member joining between two pages neither repeats nor hides anyone", () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 30 }).chain((ids) => {
        const cut = fc.integer({ min: 0, max: ids.length })
        return cut.chain((n) => fc.tuple(people(fc.constant(ids.slice(0, n))), people(fc.constant(ids.slice(n)))))
      }),
      fc.integer({ min: 1, max: 5 }),
      ([before, joiners], limit) => {
        const rows = before.map(fakeMember)
        const first = pageOf(rows, { limit, after: null })
        rows.push(...joiners.map(fakeMember))
        const seen = [...first.items]
        let cursor = first.nextCursor
        while (cursor !== null) {
          const page = pageOf(rows, queryOf(decodeMembers({ limit, cursor })))
          seen.push(...page.items)
          cursor = page.nextCursor
        }
        const ids: ReadonlyArray<string> = seen.map((m) => m.user.id)
        expect(new Set(ids).size).toBe(ids.length) // nobody twice
        for (const user of before) expect(ids).toContain(user.id) // nobody present all along is hidden
        const keys = seen.map((m) => memberKey(m.user))
        for (let i = 1; i < keys.length; i++) expect(compareMemberKeys(keys[i - 1]!, keys[i]!)).toBe(-1)
        // A joiner is shown exactly when they sort after what was already read.
        const frontier = first.nextCursor === null ? null : memberKey(first.items.at(-1)!.user)
        for (const user of joiners) {
          const shown = frontier !== null && compareMemberKeys(memberKey(user), frontier) > 0
          expect(ids.includes(user.id)).toBe(shown)
        }
      }
    ))
  })

  it("R16, R51: newest-first lists page by position, and rows added meanwhile do not shift pages", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 6 }), (count, added, limit) => {
      let rows: Array<Positioned<string>> = Array.from({ length: count }, (_, i) => ({ position: i + 1, item: `r${i + 1}` }))
      const list = (page: { before: number | null; limit: number }) =>
        Effect.succeed(
          rows.filter((row) => page.before === null || row.position < page.before)
            .toSorted((a, b) => b.position - a.position)
            .slice(0, page.limit)
        )
      const seen: Array<string> = []
      let query: PageQuery<number> = { limit, after: null }
      let first = true
      for (;;) {
        const page = Effect.runSync(newestFirstPage(query, list))
        seen.push(...page.items)
        if (first) {
          // New rows arrive at the head; the next pages must not see them nor shift.
          rows = [...rows, ...Array.from({ length: added }, (_, i) => ({ position: count + i + 1, item: `n${i}` }))]
          first = false
        }
        if (page.nextCursor === null) break
        query = queryOf(decodePositions({ limit, cursor: page.nextCursor }))
      }
      expect(seen).toEqual(Array.from({ length: count }, (_, i) => `r${count - i}`))
    }))
  })
})

/**
 * R16: the address book and the admin's Users list (order, paging by keyset
 * cursor); R51: the audit trail.
 */
import {
  addressBook,
  auditTrail,
  DEFAULT_CONFIG,
  editGroup,
  groupInfo,
  leaveGroup,
  listMembers,
  rotateCode
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect } from "effect"
import type { ContractTarget } from "../Target.js"
import { activate, advance, fieldsOf, newGroup, newUser, type NewUser, worldOf } from "./Fixtures.js"

export const listsAndAuditSuite = (target: ContractTarget) =>
  describe(`lists and audit on ${target.name}`, () => {
    const inWorld = worldOf(target)

    describe("R16: the address book and the admin's Users list", () => {
      const names: ReadonlyArray<readonly [string, string]> = [
        ["zoe", "Adams"],
        ["Bob", "brown"],
        ["alice", "Brown"],
        ["Émile", "Zola"],
        ["Carl", "adams"],
        ["Dan", "Clark"]
      ]

      /** `names` in R16's order: last name, then first name, case-insensitively. */
      const expectedOrder = ["Carl adams", "zoe Adams", "alice Brown", "Bob brown", "Dan Clark", "Émile Zola"]

      it.effect("R16: a member sees every member, themself included, sorted case-insensitively, without emails; never the admin", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(20)
          const users: Array<NewUser> = []
          for (const [first, last] of names) users.push(yield* newUser(first, last, group.code))
          const expected = expectedOrder.map((full) => users.find((u) => `${u.user.firstName} ${u.user.lastName}` === full)!.user)

          const book = yield* addressBook(users[0]!.principal, {})
          expect(book.nextCursor).toBeNull()
          expect(book.items).toEqual(expected.map((u) => ({
            id: u.id,
            trueconfId: u.trueconfId,
            firstName: u.firstName,
            lastName: u.lastName
          })))
          expect(book.items.some((i) => i.id === (group.admin.id as string))).toBe(false)

          const list = yield* listMembers(group.principal, {})
          expect(list.nextCursor).toBeNull()
          expect(list.items.map((i) => i.id)).toEqual(expected.map((u) => u.id))
          expect(list.items[0]).toMatchObject({ email: expected[0]!.email, trueconfId: expected[0]!.trueconfId })
          expect(DateTime.isDateTime(list.items[0]!.joinedAt)).toBe(true)
        })))

      it.effect("R16: non-members see an empty book, never an error", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          yield* newUser("Ann", "Doe", group.code)
          const loner = yield* newUser("Lee", "Loner")
          expect(yield* addressBook(loner.principal, {})).toEqual({ items: [], nextCursor: null })
          expect(yield* addressBook(loner.principal, { limit: "5" })).toEqual({ items: [], nextCursor: null })
        })))

      it.effect("R16, R41: the book is shown whatever the group's status (pending, suspended)", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const ann = yield* newUser("Ann", "Doe", group.code)
          expect((yield* addressBook(ann.principal, {})).items).toHaveLength(1)
          yield* activate(group)
          yield* advance(Duration.sum(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod), Duration.days(1)))
          expect((yield* groupInfo(group.principal)).status).toBe("suspended")
          expect((yield* addressBook(ann.principal, {})).items.map((i) => i.id)).toEqual([ann.user.id])
        })))

      it.effect("R16: pages of `limit`, a null nextCursor on the last page, the same order as one big page", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(20)
          const users: Array<NewUser> = []
          for (const [first, last] of names) users.push(yield* newUser(first, last, group.code))
          const all = (yield* listMembers(group.principal, { limit: 200 })).items.map((i) => i.id)
          const paged: Array<string> = []
          let cursor: string | null = null
          let pages = 0
          do {
            const page: { items: ReadonlyArray<{ id: string }>; nextCursor: string | null } = yield* addressBook(
              users[3]!.principal,
              cursor === null ? { limit: "4" } : { limit: "4", cursor }
            )
            paged.push(...page.items.map((i) => i.id))
            cursor = page.nextCursor
            pages += 1
          } while (cursor !== null)
          expect(pages).toBe(2)
          expect(paged).toEqual(all)
        })))

      it.effect("R16: a member joining between two pages neither repeats nor hides anyone", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(20)
          const users: Array<NewUser> = []
          for (const [first, last] of names) users.push(yield* newUser(first, last, group.code))
          const viewer = users[0]!.principal
          const first = yield* addressBook(viewer, { limit: 3 })
          // One joins before the cursor's position, one after it.
          const early = yield* newUser("Aaron", "Aardvark", group.code)
          const late = yield* newUser("Zed", "Zzyzx", group.code)
          const rest = yield* addressBook(viewer, { limit: 200, cursor: first.nextCursor! })
          const seen = [...first.items, ...rest.items].map((i) => i.id)
          expect(new Set(seen).size).toBe(seen.length)
          for (const u of users) expect(seen).toContain(u.user.id)
          expect(seen).not.toContain(early.user.id)
          expect(seen.at(-1)).toBe(late.user.id)
          expect(rest.nextCursor).toBeNull()
        })))

      it.effect("R16: a malformed cursor or a bad limit is validation-failed, for members and non-members alike", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const ann = yield* newUser("Ann", "Doe", group.code)
          const loner = yield* newUser("Lee", "Loner")
          expect(yield* fieldsOf(addressBook(ann.principal, { cursor: "garbage" })))
            .toEqual({ tag: "validation-failed", fields: ["cursor"] })
          expect(yield* fieldsOf(addressBook(loner.principal, { cursor: "garbage" })))
            .toEqual({ tag: "validation-failed", fields: ["cursor"] })
          expect(yield* fieldsOf(listMembers(group.principal, { limit: "0" })))
            .toEqual({ tag: "validation-failed", fields: ["limit"] })
          expect(yield* fieldsOf(listMembers(group.principal, { limit: 201, cursor: "%%" })))
            .toEqual({ tag: "validation-failed", fields: ["limit", "cursor"] })
          // An audit cursor is no members cursor.
          yield* rotateCode(group.principal)
          yield* rotateCode(group.principal)
          const audit = yield* auditTrail(group.principal, { limit: 1 })
          expect(yield* fieldsOf(listMembers(group.principal, { cursor: audit.nextCursor! })))
            .toEqual({ tag: "validation-failed", fields: ["cursor"] })
        })))

      it.effect("R16: the admin's list shows only their own group's members", () =>
        inWorld(Effect.gen(function*() {
          const acme = yield* newGroup(5, "a@acme.example")
          const other = yield* newGroup(5, "b@other.example", "Other")
          const ann = yield* newUser("Ann", "Doe", acme.code)
          const tom = yield* newUser("Tom", "Theirs", other.code)
          expect((yield* listMembers(acme.principal, {})).items.map((i) => i.id)).toEqual([ann.user.id])
          expect((yield* addressBook(tom.principal, {})).items.map((i) => i.id)).toEqual([tom.user.id])
        })))
    })

    describe("R51: the audit trail", () => {
      it.effect("R51: one entry per change in the group, newest first, paged by a stable cursor", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(5)
          const ann = yield* newUser("Ann", "Doe", group.code)
          yield* advance(Duration.seconds(1))
          yield* rotateCode(group.principal)
          yield* editGroup(group.principal, { name: "Acme Labs" })
          yield* leaveGroup(ann.principal)

          const all = yield* auditTrail(group.principal, {})
          expect(all.nextCursor).toBeNull()
          expect(all.items.map((e) => e.action)).toEqual([
            "member-left",
            "group-renamed",
            "code-rotated",
            "member-joined",
            "group-registered"
          ])
          expect(all.items.at(-1)).toMatchObject({
            actor: { kind: "group-admin", id: group.admin.id },
            target: { kind: "group", id: group.group.id }
          })
          for (const entry of all.items) {
            expect(Object.keys(entry).toSorted()).toEqual(["action", "actor", "at", "target"])
          }

          const paged: Array<string> = []
          let cursor: string | null = null
          do {
            const page: { items: ReadonlyArray<{ action: string }>; nextCursor: string | null } = yield* auditTrail(
              group.principal,
              cursor === null ? { limit: "2" } : { limit: "2", cursor }
            )
            paged.push(...page.items.map((e) => e.action))
            cursor = page.nextCursor
            // Entries added meanwhile (newer) do not shift the older pages.
            if (paged.length === 2) yield* rotateCode(group.principal)
          } while (cursor !== null)
          expect(paged).toEqual(all.items.map((e) => e.action))
        })))

      it.effect("R51: another group's changes are not in the trail; a malformed cursor is validation-failed", () =>
        inWorld(Effect.gen(function*() {
          const acme = yield* newGroup(5, "a@acme.example")
          const other = yield* newGroup(5, "b@other.example", "Other")
          yield* rotateCode(other.principal)
          expect((yield* auditTrail(acme.principal, {})).items.map((e) => e.action)).toEqual(["group-registered"])
          expect(yield* fieldsOf(auditTrail(acme.principal, { cursor: "bad" })))
            .toEqual({ tag: "validation-failed", fields: ["cursor"] })
          expect(yield* fieldsOf(auditTrail(acme.principal, { limit: "ten" })))
            .toEqual({ tag: "validation-failed", fields: ["limit"] })
        })))
    })
  })

/**
 * Group use cases on the in-memory adapters: leaving and removal (R14), the
 * corporate code's rotation (R15), the address book and the admin's Users
 * list (R16), editing and Group info (R17), the audit trail (R51), with the
 * events they record (R50). `it.effect` provides a TestClock (starting at the
 * epoch) and each test builds a fresh, empty world.
 */
import { MemoryAdapters, type MemoryAdaptersServices, MemoryStoreInspector } from "@corporate-groups/adapters"
import {
  addressBook,
  type AdminPrincipal,
  auditTrail,
  changeSeats,
  type ClientInfo,
  CORPORATE,
  DEFAULT_CONFIG,
  editGroup,
  groupInfo,
  type GroupAdminId,
  type GroupId,
  joinGroup,
  leaveGroup,
  listMembers,
  normalizeCode,
  payInvoice,
  registerGroup,
  registerUser,
  removeMember,
  rotateCode,
  type SessionId,
  type UserId,
  type UserPrincipal
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect } from "effect"
import { TestClock } from "effect/testing"

const client: ClientInfo = { address: "203.0.113.7" }
const PASSWORD = "a long enough passphrase"
const SESSION = "0190a6c4-0000-7000-8000-00000000abcd" as SessionId

/** Runs `body` in a fresh, empty in-memory world. */
const inWorld = <A, E>(body: Effect.Effect<A, E, MemoryAdaptersServices>) =>
  Effect.provide(body, MemoryAdapters.layer({ fastHashing: true }))

const newGroup = Effect.fnUntraced(function*(name = "Acme", seats = 10, email = "admin@acme.example") {
  const registered = yield* registerGroup({
    name,
    seats,
    admin: { email, password: PASSWORD, passwordConfirmation: PASSWORD }
  })
  const admin: AdminPrincipal = {
    kind: "group-admin",
    adminId: registered.admin.id as GroupAdminId,
    groupId: registered.group.id as GroupId,
    sessionId: SESSION
  }
  return { ...registered, principal: admin, code: registered.group.corporateCode }
})

let counter = 0
const newUser = Effect.fnUntraced(function*(
  firstName: string,
  lastName: string,
  corporateCode?: string
) {
  counter += 1
  const login = `user${counter}`
  const registered = yield* registerUser({
    trueconfId: login,
    email: `${login}@example.com`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    firstName,
    lastName,
    country: "de",
    ...(corporateCode === undefined ? {} : { corporateCode })
  }, client)
  const principal: UserPrincipal = { kind: "user", userId: registered.user.id as UserId, sessionId: SESSION }
  return { ...registered, principal }
})

type NewUser = Effect.Success<ReturnType<typeof newUser>>

/** Pays the open first invoice: the group becomes active (R42). */
const payFirst = (admin: AdminPrincipal, invoiceId: string) =>
  payInvoice(admin, invoiceId, { paymentMethod: "tok_visa" }, `pay-${invoiceId}`)

const snapshot = Effect.gen(function*() {
  return yield* (yield* MemoryStoreInspector).snapshot
})

const errorTag = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => error._tag)

const fieldsOf = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => ({
    tag: error._tag,
    fields: "errors" in error ? (error.errors as ReadonlyArray<{ readonly field: string }>).map((e) => e.field) : []
  }))

describe("R14: leaving a group", () => {
  it.effect("R14: a member leaves; the account stays, the seat frees, the book drops them; MemberLeft is recorded and audited", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme", 1)
      const ann = yield* newUser("Ann", "Doe", group.code)
      expect((yield* groupInfo(group.principal)).freeSeats).toBe(0)

      yield* leaveGroup(ann.principal)

      const info = yield* groupInfo(group.principal)
      expect(info).toMatchObject({ members: 0, freeSeats: 1 })
      expect((yield* addressBook(ann.principal, {})).items).toEqual([])
      // The freed seat takes someone else at once.
      yield* newUser("Bob", "Roe", group.code)
      const state = yield* snapshot
      expect(state.users.some((u) => u.id === ann.user.id)).toBe(true)
      expect(state.memberships.some((m) => m.userId === ann.user.id)).toBe(false)
      const left = state.outbox.filter((e) => e.type === "MemberLeft")
      expect(left).toHaveLength(1)
      expect(left[0]).toMatchObject({
        groupId: group.group.id,
        actor: { kind: "user", id: ann.user.id },
        target: { kind: "user", id: ann.user.id }
      })
      const trail = yield* auditTrail(group.principal, {})
      expect(trail.items.find((e) => e.action === "member-left")).toMatchObject({
        actor: { kind: "user", id: ann.user.id },
        target: { kind: "user", id: ann.user.id }
      })
    })))

  it.effect("R14: leaving without a group is not-a-member, and changes nothing", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup()
      const loner = yield* newUser("Lee", "Loner")
      expect(yield* errorTag(leaveGroup(loner.principal))).toBe("not-a-member")
      const ann = yield* newUser("Ann", "Doe", group.code)
      yield* leaveGroup(ann.principal)
      expect(yield* errorTag(leaveGroup(ann.principal))).toBe("not-a-member")
      const state = yield* snapshot
      expect(state.outbox.filter((e) => e.type === "MemberLeft")).toHaveLength(1)
      expect(state.groups[0]!.members).toBe(0)
    })))

  it.effect("R14, R32: the tariff falls back to Free after leaving an active group", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup()
      yield* payFirst(group.principal, group.invoice.id)
      const ann = yield* newUser("Ann", "Doe")
      const joined = yield* joinGroup(ann.principal, { corporateCode: group.code }, client)
      expect(joined.tariff.name).toBe("corporate")
      yield* leaveGroup(ann.principal)
      // Rejoining shows the membership really ended (else already-member).
      const again = yield* joinGroup(ann.principal, { corporateCode: group.code }, client)
      expect(again.group.id).toBe(group.group.id)
    })))
})

describe("R14: the admin removes a member", () => {
  it.effect("R14: removal frees the seat, keeps the account; MemberRemoved is audited with the admin as actor", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme", 1)
      const ann = yield* newUser("Ann", "Doe", group.code)
      expect(yield* errorTag(newUser("Bob", "Roe", group.code))).toBe("group-full")

      yield* removeMember(group.principal, ann.user.id)

      expect(yield* groupInfo(group.principal)).toMatchObject({ members: 0, freeSeats: 1 })
      expect((yield* listMembers(group.principal, {})).items).toEqual([])
      expect((yield* addressBook(ann.principal, {})).items).toEqual([])
      yield* newUser("Bob", "Roe", group.code)
      const state = yield* snapshot
      expect(state.users.some((u) => u.id === ann.user.id)).toBe(true)
      expect(state.outbox.find((e) => e.type === "MemberRemoved")).toMatchObject({
        groupId: group.group.id,
        actor: { kind: "group-admin", id: group.admin.id },
        target: { kind: "user", id: ann.user.id }
      })
      const trail = yield* auditTrail(group.principal, {})
      expect(trail.items.find((e) => e.action === "member-removed")).toMatchObject({
        actor: { kind: "group-admin", id: group.admin.id },
        target: { kind: "user", id: ann.user.id }
      })
    })))

  it.effect("R14: another group's member, a non-member, an unknown or malformed id are not-found", () =>
    inWorld(Effect.gen(function*() {
      const acme = yield* newGroup("Acme", 5, "a@acme.example")
      const other = yield* newGroup("Other", 5, "b@other.example")
      const theirs = yield* newUser("Tom", "Theirs", other.code)
      const loner = yield* newUser("Lee", "Loner")
      expect(yield* errorTag(removeMember(acme.principal, theirs.user.id))).toBe("not-found")
      expect(yield* errorTag(removeMember(acme.principal, loner.user.id))).toBe("not-found")
      expect(yield* errorTag(removeMember(acme.principal, "0190a6c4-0000-7000-8000-000000000999"))).toBe("not-found")
      expect(yield* errorTag(removeMember(acme.principal, "not-an-id"))).toBe("not-found")
      expect(yield* errorTag(removeMember(acme.principal, acme.admin.id))).toBe("not-found")
      // Nothing changed in the other group.
      expect((yield* groupInfo(other.principal)).members).toBe(1)
      const state = yield* snapshot
      expect(state.outbox.some((e) => e.type === "MemberRemoved")).toBe(false)
    })))
})

describe("R15: rotating the corporate code", () => {
  it.effect("R15: a new code in display form; the old one stops working at once; Group info shows the new one", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup()
      const { corporateCode } = yield* rotateCode(group.principal)
      expect(corporateCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
      expect(corporateCode).not.toBe(group.code)
      expect((yield* groupInfo(group.principal)).corporateCode).toBe(corporateCode)

      const ann = yield* newUser("Ann", "Doe")
      expect(yield* errorTag(joinGroup(ann.principal, { corporateCode: group.code }, client)))
        .toBe("corporate-code-invalid")
      // Matched ignoring case, dashes and spaces.
      const typed = corporateCode.toLowerCase().replace(/-/g, " ")
      expect((yield* joinGroup(ann.principal, { corporateCode: typed }, client)).group.id).toBe(group.group.id)
    })))

  it.effect("R15, R50: CodeRotated is recorded and audited, and no event or audit entry carries the clear code", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup()
      const { corporateCode } = yield* rotateCode(group.principal)
      const state = yield* snapshot
      const rotated = state.outbox.filter((e) => e.type === "CodeRotated")
      expect(rotated).toHaveLength(1)
      expect(rotated[0]).toMatchObject({
        groupId: group.group.id,
        actor: { kind: "group-admin", id: group.admin.id },
        target: { kind: "group", id: group.group.id }
      })
      const written = JSON.stringify([state.outbox, state.audit])
      for (const code of [corporateCode, normalizeCode(corporateCode), group.code, normalizeCode(group.code)]) {
        expect(written).not.toContain(code)
      }
      expect((yield* auditTrail(group.principal, {})).items[0]).toMatchObject({
        action: "code-rotated",
        actor: { kind: "group-admin", id: group.admin.id }
      })
    })))
})

describe("R17: Group info and editing the group", () => {
  it.effect("R17: Group info of a new group: pending payment, no paid-through date, the Corporate tariff", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme", 3)
      yield* newUser("Ann", "Doe", group.code)
      const info = yield* groupInfo(group.principal)
      expect(info).toEqual({
        id: group.group.id,
        name: "Acme",
        corporateCode: group.code,
        seats: 3,
        members: 1,
        freeSeats: 2,
        paidThrough: null,
        status: "pending-payment",
        tariff: CORPORATE
      })
    })))

  it.effect("R17, R41, R43: once paid, active until the period's end; a pending raise shows as pendingSeats; later suspended", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme", 3)
      yield* payFirst(group.principal, group.invoice.id)
      const paid = yield* groupInfo(group.principal)
      expect(paid.status).toBe("active")
      expect(paid.paidThrough).not.toBeNull()
      expect(paid.paidThrough).toEqual(group.invoice.periodEnd)
      expect(paid.pendingSeats).toBeUndefined()

      yield* changeSeats(group.principal, { seats: 5 })
      expect(yield* groupInfo(group.principal)).toMatchObject({ seats: 3, pendingSeats: 5, freeSeats: 3 })

      yield* TestClock.adjust(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
      const later = yield* groupInfo(group.principal)
      expect(later.status).toBe("suspended")
      expect(later.pendingSeats).toBeUndefined()
    })))

  it.effect("R17: the admin renames the group (trimmed); GroupRenamed is audited; the answer is the new Group info", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme")
      const edited = yield* editGroup(group.principal, { name: "  Acme Labs  " })
      expect(edited).toEqual({ ...(yield* groupInfo(group.principal)), name: "Acme Labs" })
      expect((yield* groupInfo(group.principal)).name).toBe("Acme Labs")
      const trail = yield* auditTrail(group.principal, {})
      expect(trail.items[0]).toMatchObject({
        action: "group-renamed",
        actor: { kind: "group-admin", id: group.admin.id },
        target: { kind: "group", id: group.group.id }
      })
      // The same name again changes nothing and records nothing.
      yield* editGroup(group.principal, { name: "Acme Labs" })
      expect((yield* auditTrail(group.principal, {})).items.filter((e) => e.action === "group-renamed")).toHaveLength(1)
    })))

  it.effect("R17: a name must be 1–100 characters after trimming", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme")
      for (const body of [{ name: "   " }, { name: "x".repeat(101) }, {}, { name: 42 }, null]) {
        expect(yield* fieldsOf(editGroup(group.principal, body))).toEqual({
          tag: "validation-failed",
          fields: [body === null ? "body" : "name"]
        })
      }
      expect((yield* editGroup(group.principal, { name: "y".repeat(100) })).name).toBe("y".repeat(100))
    })))
})

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
      const group = yield* newGroup("Acme", 20)
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
      yield* payFirst(group.principal, group.invoice.id)
      yield* TestClock.adjust(Duration.sum(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod), Duration.days(1)))
      expect((yield* groupInfo(group.principal)).status).toBe("suspended")
      expect((yield* addressBook(ann.principal, {})).items.map((i) => i.id)).toEqual([ann.user.id])
    })))

  it.effect("R16: pages of `limit`, a null nextCursor on the last page, the same order as one big page", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme", 20)
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
      const group = yield* newGroup("Acme", 20)
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
      const acme = yield* newGroup("Acme", 5, "a@acme.example")
      const other = yield* newGroup("Other", 5, "b@other.example")
      const ann = yield* newUser("Ann", "Doe", acme.code)
      const tom = yield* newUser("Tom", "Theirs", other.code)
      expect((yield* listMembers(acme.principal, {})).items.map((i) => i.id)).toEqual([ann.user.id])
      expect((yield* addressBook(tom.principal, {})).items.map((i) => i.id)).toEqual([tom.user.id])
    })))
})

describe("R51: the audit trail", () => {
  it.effect("R51: one entry per change in the group, newest first, paged by a stable cursor", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup("Acme", 5)
      const ann = yield* newUser("Ann", "Doe", group.code)
      yield* TestClock.adjust(Duration.seconds(1))
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
      const acme = yield* newGroup("Acme", 5, "a@acme.example")
      const other = yield* newGroup("Other", 5, "b@other.example")
      yield* rotateCode(other.principal)
      expect((yield* auditTrail(acme.principal, {})).items.map((e) => e.action)).toEqual(["group-registered"])
      expect(yield* fieldsOf(auditTrail(acme.principal, { cursor: "bad" })))
        .toEqual({ tag: "validation-failed", fields: ["cursor"] })
      expect(yield* fieldsOf(auditTrail(acme.principal, { limit: "ten" })))
        .toEqual({ tag: "validation-failed", fields: ["limit"] })
    })))
})

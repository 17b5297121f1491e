/**
 * R13, R14: a member comes and goes: the admin's *Add user*, leaving, and
 * removal by the admin, with the seats they take and free and the events
 * they record (R50, R51).
 */
import {
  addMember,
  addressBook,
  auditTrail,
  DEFAULT_CONFIG,
  groupInfo,
  joinGroup,
  leaveGroup,
  listMembers,
  registerUser,
  removeMember,
  signIn
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import type { ContractTarget } from "../Target.js"
import {
  activate,
  advance,
  client,
  errorTag,
  fieldsOf,
  newGroup,
  newUser,
  PASSWORD,
  registration,
  snapshot,
  worldOf
} from "./Fixtures.js"

export const membershipSuite = (target: ContractTarget) =>
  describe(`membership on ${target.name}`, () => {
    const inWorld = worldOf(target)

    describe("R13: the admin adds a user (POST /v1/admin/members)", () => {
      it.effect("R13: the new user is created in the group, taking a seat; MemberJoined is audited with the admin as actor", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(2)
          const added = yield* addMember(group.principal, registration("ann", { corporateCode: "ignored" }))
          expect(added).toMatchObject({ trueconfId: "ann@t.trueconf.com", email: "ann@example.com", language: "en" })
          const state = yield* snapshot
          expect(state.groups[0]!.members).toBe(1)
          expect(state.memberships).toEqual([expect.objectContaining({ userId: added.id, groupId: group.group.id })])
          const joined = state.outbox.find((e) => e.type === "MemberJoined")
          expect(joined).toMatchObject({
            groupId: group.group.id,
            actor: { kind: "group-admin", id: group.admin.id },
            target: { kind: "user", id: added.id }
          })
          expect(state.outbox.some((e) => e.type === "UserRegistered")).toBe(true)
          const audit = state.audit.filter((a) => a.item.action === "member-joined")
          expect(audit).toHaveLength(1)
          expect(audit[0]!.item.actor).toEqual({ kind: "group-admin", id: group.admin.id })
          // The added user can sign in with the password the admin set.
          const session = yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
          expect(session.account).toEqual({ id: added.id, kind: "user" })
        })))

      it.effect("R13, R2: the same field checks as registration, every field at once", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const failure = yield* fieldsOf(addMember(group.principal, { trueconfId: "-x", email: "x", password: "short" }))
          expect(failure.tag).toBe("validation-failed")
          expect(failure.fields).toEqual(
            expect.arrayContaining(["trueconfId", "email", "password", "passwordConfirmation", "firstName", "lastName", "country"])
          )
        })))

      it.effect("R13, R2: the TrueConf ID and the email must be free (the admin's own email too)", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(5, "boss@acme.example")
          yield* registerUser(registration("ann"), client)
          expect(yield* errorTag(addMember(group.principal, registration("ann", { email: "new@example.com" }))))
            .toBe("trueconf-id-taken")
          expect(yield* errorTag(addMember(group.principal, registration("boss", { email: "boss@acme.example" }))))
            .toBe("email-taken")
        })))

      it.effect("R13, R11: a full group creates nothing", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(1)
          yield* addMember(group.principal, registration("ann"))
          expect(yield* errorTag(addMember(group.principal, registration("bob")))).toBe("group-full")
          const state = yield* snapshot
          expect(state.users).toHaveLength(1)
          expect(state.groups[0]!.members).toBe(1)
        })))

      it.effect("R13, R41: a suspended group creates nothing", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          yield* activate(group)
          yield* advance(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
          expect(yield* errorTag(addMember(group.principal, registration("ann")))).toBe("group-suspended")
          expect((yield* snapshot).users).toEqual([])
        })))
    })

    describe("R14: leaving a group", () => {
      it.effect("R14: a member leaves; the account stays, the seat frees, the book drops them; MemberLeft is recorded and audited", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(1)
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
          yield* activate(group)
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
          const group = yield* newGroup(1)
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
          const acme = yield* newGroup(5, "a@acme.example")
          const other = yield* newGroup(5, "b@other.example", "Other")
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
  })

/**
 * R5: changing the password (it ends the other sessions); R32 and
 * `GET/PATCH /v1/me`: the profile, its tariff and its group.
 */
import {
  authenticate,
  changePassword,
  CORPORATE,
  DEFAULT_CONFIG,
  FREE_DEFAULT,
  getMe,
  joinGroup,
  registerUser,
  signIn,
  updateMe
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
  NEW_PASSWORD,
  newGroup,
  PASSWORD,
  registration,
  snapshot,
  userPrincipal,
  worldOf
} from "./Fixtures.js"

export const passwordsAndProfileSuite = (target: ContractTarget) =>
  describe(`passwords and profile on ${target.name}`, () => {
    const inWorld = worldOf(target)

    describe("R5: changing the password (PUT /v1/me/password, PUT /v1/admin/password)", () => {
      const change = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }

      it.effect("R5: every other session ends, the current one stays; the new password signs in, the old does not", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          const current = yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
          const other = yield* signIn({ login: "ann", password: PASSWORD, client: "cabinet" }, client)
          yield* changePassword(yield* authenticate(current.token), change)
          yield* authenticate(current.token)
          expect(yield* errorTag(authenticate(other.token))).toBe("unauthenticated")
          expect(yield* errorTag(signIn({ login: "ann", password: PASSWORD, client: "app" }, client))).toBe("invalid-credentials")
          yield* signIn({ login: "ann", password: NEW_PASSWORD, client: "app" }, client)
          const state = yield* snapshot
          // A user's password is no change of a group: recorded, not audited.
          expect(state.outbox.filter((e) => e.type === "PasswordChanged")).toEqual([
            expect.objectContaining({ groupId: null })
          ])
          expect(state.audit).toEqual([])
        })))

      it.effect("R5: a wrong current password is validation-failed on currentPassword, with every other bad field", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          const session = yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
          const principal = yield* authenticate(session.token)
          expect(yield* fieldsOf(changePassword(principal, { ...change, currentPassword: "not the password" })))
            .toEqual({ tag: "validation-failed", fields: ["currentPassword"] })
          expect(yield* fieldsOf(changePassword(principal, {
            currentPassword: "not the password",
            newPassword: "123456789012",
            newPasswordConfirmation: "123456789013"
          }))).toEqual({ tag: "validation-failed", fields: ["newPassword", "newPasswordConfirmation", "currentPassword"] })
          expect(yield* fieldsOf(changePassword(principal, { ...change, newPasswordConfirmation: PASSWORD })))
            .toEqual({ tag: "validation-failed", fields: ["newPasswordConfirmation"] })
          // Nothing changed; and (API.md §5) none of these is a failed sign-in.
          yield* authenticate(session.token)
          yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
        })))

      it.effect("R5, R51: an admin's password change ends its other sessions and is audited as password-changed", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(5, "boss@acme.example")
          const current = yield* signIn({ login: "boss@acme.example", password: PASSWORD, client: "cabinet" }, client)
          const other = yield* signIn({ login: "boss@acme.example", password: PASSWORD, client: "cabinet" }, client)
          yield* changePassword(yield* authenticate(current.token), change)
          expect(yield* errorTag(authenticate(other.token))).toBe("unauthenticated")
          yield* authenticate(current.token)
          const audit = (yield* snapshot).audit.filter((a) => a.item.action === "password-changed")
          expect(audit).toHaveLength(1)
          expect(audit[0]!.item).toMatchObject({
            groupId: group.group.id,
            actor: { kind: "group-admin", id: group.admin.id }
          })
        })))
    })

    describe("GET and PATCH /v1/me", () => {
      it.effect("R32: the profile with the Free tariff and no group; Corporate with the group once it is active", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const ann = yield* registerUser(registration("ann"), client)
          const me = yield* getMe(userPrincipal(ann.user.id))
          expect(me).toMatchObject({ ...ann.user, tariff: FREE_DEFAULT, group: null })
          yield* joinGroup(userPrincipal(ann.user.id), { corporateCode: group.code }, client)
          expect(yield* getMe(userPrincipal(ann.user.id))).toMatchObject({
            tariff: { name: "free" },
            group: { id: group.group.id, name: "Acme" }
          })
          yield* activate(group)
          expect((yield* getMe(userPrincipal(ann.user.id))).tariff).toEqual(CORPORATE)
          // R41, R32: suspended, the member stays a member on the Free tariff.
          yield* advance(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
          expect(yield* getMe(userPrincipal(ann.user.id))).toMatchObject({ tariff: { name: "free" }, group: { id: group.group.id } })
        })))

      it.effect("PATCH /v1/me: profile fields change (normalised), unknown fields are ignored; UserProfileChanged is recorded", () =>
        inWorld(Effect.gen(function*() {
          const ann = yield* registerUser(registration("ann"), client)
          const me = yield* getMe(userPrincipal(ann.user.id))
          const updated = yield* updateMe(userPrincipal(ann.user.id), {
            ...me,
            firstName: " Anna ",
            country: "fr",
            language: "FR",
            productNews: true,
            whatever: 1
          })
          expect(updated).toMatchObject({
            firstName: "Anna",
            lastName: "Doe",
            country: "FR",
            language: "fr",
            productNews: true,
            researchBulletin: false,
            trueconfId: "ann@t.trueconf.com",
            tariff: { name: "free" },
            group: null
          })
          expect(yield* getMe(userPrincipal(ann.user.id))).toEqual(updated)
          const changed = (yield* snapshot).outbox.filter((e) => e.type === "UserProfileChanged")
          expect(changed).toHaveLength(1)
          expect(changed[0]!.payload).toEqual({ fields: ["firstName", "country", "language", "productNews"] })
          // Nothing to change: no event.
          yield* updateMe(userPrincipal(ann.user.id), {})
          expect((yield* snapshot).outbox.filter((e) => e.type === "UserProfileChanged")).toHaveLength(1)
        })))

      it.effect("PATCH /v1/me: every bad field at once; the TrueConf ID, email and password cannot be changed here", () =>
        inWorld(Effect.gen(function*() {
          const ann = yield* registerUser(registration("ann"), client)
          const failure = yield* fieldsOf(updateMe(userPrincipal(ann.user.id), {
            firstName: "",
            country: "ZZ",
            language: 5,
            researchBulletin: "no",
            trueconfId: "someone-else",
            email: "other@example.com",
            password: NEW_PASSWORD
          }))
          expect(failure.tag).toBe("validation-failed")
          expect(new Set(failure.fields)).toEqual(
            new Set(["firstName", "country", "language", "researchBulletin", "trueconfId", "email", "password"])
          )
          // The same TrueConf ID and email, in any spelling, are accepted (a client may send back what it read).
          yield* updateMe(userPrincipal(ann.user.id), { trueconfId: "ANN", email: "Ann@Example.com", lastName: "Roe" })
          expect((yield* getMe(userPrincipal(ann.user.id))).lastName).toBe("Roe")
        })))
    })
  })

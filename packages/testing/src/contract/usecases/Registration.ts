/**
 * R2, R3, R12, R15: registering a user (`POST /v1/users`), with or without a
 * corporate code, and the events it records (R50, R51).
 */
import { CORPORATE, DEFAULT_CONFIG, FREE_DEFAULT, registerUser } from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect } from "effect"
import { DEFAULT_START } from "../../ControlledClock.js"
import type { ContractTarget } from "../Target.js"
import {
  activate,
  advance,
  client,
  errorOf,
  errorTag,
  fieldsOf,
  newGroup,
  otherClient,
  PASSWORD,
  registration,
  snapshot,
  worldOf
} from "./Fixtures.js"

export const registrationSuite = (target: ContractTarget) =>
  describe(`registration on ${target.name}`, () => {
    const inWorld = worldOf(target)

    describe("R2, R3, R12: registration (POST /v1/users)", () => {
      it.effect("R2, R3: a new user gets folded ids, the defaults, the Free tariff and no group; UserRegistered is not audited", () =>
        inWorld(Effect.gen(function*() {
          const result = yield* registerUser(
            registration("Ann.Doe", { email: " Ann@Example.COM ", country: "de", firstName: "  Ann " }),
            client
          )
          expect(result.user).toMatchObject({
            trueconfId: "ann.doe@t.trueconf.com",
            email: "ann@example.com",
            firstName: "Ann",
            country: "DE",
            language: "en",
            productNews: false,
            researchBulletin: false
          })
          expect(result.user).not.toHaveProperty("passwordHash")
          expect(result.tariff).toEqual(FREE_DEFAULT)
          expect(result.group).toBeNull()
          const state = yield* snapshot
          expect(state.users).toHaveLength(1)
          expect(DateTime.toEpochMillis(state.users[0]!.createdAt)).toBe(DEFAULT_START)
          expect(state.users[0]!.passwordHash).not.toContain(PASSWORD)
          expect(state.outbox.map((e) => e.type)).toEqual(["UserRegistered"])
          expect(state.audit).toEqual([])
        })))

      it.effect("R2: the given language and opt-ins are kept; null optional fields take their defaults", () =>
        inWorld(Effect.gen(function*() {
          const a = yield* registerUser(registration("ann", { language: "RU", productNews: true, researchBulletin: true }), client)
          expect(a.user).toMatchObject({ language: "ru", productNews: true, researchBulletin: true })
          const b = yield* registerUser(registration("bob", { language: null, productNews: null, corporateCode: null }), client)
          expect(b.user).toMatchObject({ language: "en", productNews: false })
          expect(b.group).toBeNull()
        })))

      it.effect("R2: every invalid field is reported at once, the confirmation on passwordConfirmation; nothing is created", () =>
        inWorld(Effect.gen(function*() {
          const failure = yield* fieldsOf(registerUser({
            trueconfId: "x@other.example",
            email: "not-an-email",
            password: "password1234",
            passwordConfirmation: "something else",
            firstName: " ",
            country: "XK",
            language: "zz",
            productNews: "yes"
          }, client))
          expect(failure.tag).toBe("validation-failed")
          expect(new Set(failure.fields)).toEqual(
            new Set([
              "trueconfId",
              "email",
              "password",
              "passwordConfirmation",
              "firstName",
              "lastName",
              "country",
              "language",
              "productNews"
            ])
          )
          expect((yield* snapshot).users).toEqual([])
        })))

      it.effect("R2: a confirmation that differs is reported even when everything else is valid", () =>
        inWorld(Effect.gen(function*() {
          const failure = yield* fieldsOf(registerUser(registration("ann", { passwordConfirmation: `${PASSWORD}!` }), client))
          expect(failure).toEqual({ tag: "validation-failed", fields: ["passwordConfirmation"] })
        })))

      it.effect("R2: the TrueConf ID is unique case-insensitively and checked before the email", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          expect(yield* errorTag(registerUser(registration("ANN", { email: "ann@example.com" }), client)))
            .toBe("trueconf-id-taken")
          expect(yield* errorTag(registerUser(registration("ann2", { email: "ANN@example.com" }), client))).toBe("email-taken")
          expect((yield* snapshot).users).toHaveLength(1)
        })))

      it.effect("R2: an email is unique among users and admins alike", () =>
        inWorld(Effect.gen(function*() {
          yield* newGroup(5, "boss@acme.example")
          expect(yield* errorTag(registerUser(registration("boss", { email: "Boss@Acme.example" }), client))).toBe("email-taken")
        })))

      it.effect("R12: with a code the account and the membership are created together; MemberJoined is audited", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const result = yield* registerUser(registration("ann", { corporateCode: group.code.toLowerCase() }), client)
          expect(result.group).toEqual({ id: group.group.id, name: "Acme" })
          // R41, R32: a pending-payment group grants no Corporate tariff yet.
          expect(result.tariff.name).toBe("free")
          const state = yield* snapshot
          expect(state.memberships).toEqual([expect.objectContaining({ userId: result.user.id, groupId: group.group.id })])
          expect(state.groups[0]!.members).toBe(1)
          expect(state.audit.map((a) => a.item.action)).toContain("member-joined")
          expect(state.outbox.map((e) => e.type)).toEqual(expect.arrayContaining(["UserRegistered", "MemberJoined"]))
        })))

      it.effect("R12, R32: registering into an active group gives the Corporate tariff", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          yield* activate(group)
          const result = yield* registerUser(registration("ann", { corporateCode: group.code }), client)
          expect(result.tariff).toEqual(CORPORATE)
        })))

      it.effect("R12: a bad code creates nothing and names the corporateCode field", () =>
        inWorld(Effect.gen(function*() {
          yield* newGroup()
          const error = yield* errorOf(registerUser(registration("ann", { corporateCode: "NOPE-NOPE" }), client))
          expect(error._tag).toBe("corporate-code-invalid")
          expect(error._tag === "corporate-code-invalid" && error.errors.map((e) => e.field)).toEqual(["corporateCode"])
          const state = yield* snapshot
          expect(state.users).toEqual([])
          expect(state.outbox.filter((e) => e.type === "UserRegistered")).toEqual([])
        })))

      it.effect("R12: a code that is not a string is validation-failed; a blank one is no code", () =>
        inWorld(Effect.gen(function*() {
          expect(yield* fieldsOf(registerUser(registration("ann", { corporateCode: 42 }), client)))
            .toEqual({ tag: "validation-failed", fields: ["corporateCode"] })
          const result = yield* registerUser(registration("ann", { corporateCode: " - " }), client)
          expect(result.group).toBeNull()
        })))

      it.effect("R12, R11: a full group creates nothing", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(1)
          yield* registerUser(registration("ann", { corporateCode: group.code }), client)
          expect(yield* errorTag(registerUser(registration("bob", { corporateCode: group.code }), client))).toBe("group-full")
          const state = yield* snapshot
          expect(state.users.map((u) => u.trueconfId)).toEqual(["ann@t.trueconf.com"])
          expect(state.groups[0]!.members).toBe(1)
        })))

      it.effect("R2: uniqueness is checked before the code (a taken id with a bad code is trueconf-id-taken)", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          expect(yield* errorTag(registerUser(registration("ann", { email: "x@example.com", corporateCode: "bad" }), client)))
            .toBe("trueconf-id-taken")
        })))

      it.effect("R15: failed redemptions at registration are throttled per client address (30 per 15 minutes)", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup()
          const limit = DEFAULT_CONFIG.throttle.redemptionsPerAddress
          for (let i = 0; i < limit; i++) {
            expect(yield* errorTag(registerUser(registration(`u${i}`, { corporateCode: `bad-${i}` }), client)))
              .toBe("corporate-code-invalid")
          }
          // Throttled: even the right code is refused, before anything else is looked at.
          const throttled = yield* errorOf(registerUser(registration("ann", { corporateCode: group.code }), client))
          expect(throttled).toMatchObject({ _tag: "rate-limited" })
          expect(throttled._tag === "rate-limited" && throttled.retryAfterSeconds).toBe(15 * 60)
          // Without a code, registration is no redemption: not throttled.
          yield* registerUser(registration("free"), client)
          // Another address is not affected.
          yield* registerUser(registration("bob", { corporateCode: group.code }), otherClient)
          // The window slides: once the failures are 15 minutes old, the address may try again.
          yield* advance(Duration.minutes(15))
          const ann = yield* registerUser(registration("ann", { corporateCode: group.code }), client)
          expect(ann.group).not.toBeNull()
        })))
    })
  })

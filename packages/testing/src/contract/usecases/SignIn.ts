/**
 * R4, R5, R15, API.md §1: signing in, the session token, authentication,
 * throttling of failed sign-ins, and signing out.
 */
import { authenticate, DEFAULT_CONFIG, registerUser, signIn, signOut } from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect } from "effect"
import { Base64Url } from "effect/encoding"
import type { ContractTarget } from "../Target.js"
import {
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

export const signInSuite = (target: ContractTarget) =>
  describe(`sign-in and sessions on ${target.name}`, () => {
    const inWorld = worldOf(target)

    describe("R4, R5, R15: sign-in, authentication and sign-out (API.md §1)", () => {
      it.effect("R5: a user signs in by bare login, full TrueConf ID or email, in any case", () =>
        inWorld(Effect.gen(function*() {
          const ann = yield* registerUser(registration("ann"), client)
          for (const login of ["ann", "ANN", "Ann@T.TrueConf.com", "ANN@example.com", " ann "]) {
            const session = yield* signIn({ login, password: PASSWORD, client: "app" }, client)
            expect(session.account).toEqual({ id: ann.user.id, kind: "user" })
          }
        })))

      it.effect("API.md §1: the token carries 256 random bits, is stored only as a hash and expires after the session TTL", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          const session = yield* signIn({ login: "ann", password: PASSWORD, client: "cabinet" }, client)
          const bytes = Base64Url.decode(session.token)
          expect(bytes._tag === "Success" && bytes.success.length).toBe(32)
          const now = yield* DateTime.now
          expect(DateTime.toEpochMillis(session.expiresAt)).toBe(
            DateTime.toEpochMillis(DateTime.addDuration(now, DEFAULT_CONFIG.sessionTtl))
          )
          const state = yield* snapshot
          expect(state.sessions).toHaveLength(1)
          expect(JSON.stringify(state.sessions)).not.toContain(session.token)
          expect(state.outbox.filter((e) => e.type === "SignedIn")).toHaveLength(1)
          expect(state.audit).toEqual([])
        })))

      it.effect("API.md §1: a wrong password and an unknown login are the same invalid-credentials", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          const wrong = yield* errorOf(signIn({ login: "ann", password: "not the password", client: "app" }, client))
          const unknown = yield* errorOf(signIn({ login: "nobody", password: PASSWORD, client: "app" }, client))
          expect(wrong._tag).toBe("invalid-credentials")
          expect(unknown._tag).toBe("invalid-credentials")
          expect(JSON.stringify(wrong)).toBe(JSON.stringify(unknown))
        })))

      it.effect("API.md §1: a malformed body is validation-failed", () =>
        inWorld(Effect.gen(function*() {
          expect(yield* fieldsOf(signIn({ login: "ann", password: PASSWORD, client: "desktop" }, client)))
            .toEqual({ tag: "validation-failed", fields: ["client"] })
        })))

      it.effect("R4: an admin signs in to the cabinet by email; to the apps only with the right password, then admin-cannot-use-apps", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(5, "boss@acme.example")
          const cabinet = yield* signIn({ login: "BOSS@acme.example", password: PASSWORD, client: "cabinet" }, client)
          expect(cabinet.account).toEqual({ id: group.admin.id, kind: "group-admin" })
          expect(yield* errorTag(signIn({ login: "boss@acme.example", password: "wrong password!", client: "app" }, client)))
            .toBe("invalid-credentials")
          expect(yield* errorTag(signIn({ login: "boss@acme.example", password: PASSWORD, client: "app" }, client)))
            .toBe("admin-cannot-use-apps")
          // R51: an admin's sign-in is no change of the group.
          expect((yield* snapshot).audit.map((a) => a.item.action)).not.toContain("signed-in")
        })))

      it.effect("R15: failed sign-ins are throttled per login-and-address pair, right or wrong, until the window slides", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          const limit = DEFAULT_CONFIG.throttle.signInsPerPair
          for (let i = 0; i < limit; i++) {
            // Any spelling of the login counts against the same pair.
            const login = i % 2 === 0 ? "ann" : "ANN@t.trueconf.com"
            expect(yield* errorTag(signIn({ login, password: `wrong password ${i}`, client: "app" }, client)))
              .toBe("invalid-credentials")
          }
          const throttled = yield* errorOf(signIn({ login: "ann", password: PASSWORD, client: "app" }, client))
          expect(throttled).toMatchObject({ _tag: "rate-limited", retryAfterSeconds: 15 * 60 })
          // Another address, or another login from this address, is not throttled.
          yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, otherClient)
          expect(yield* errorTag(signIn({ login: "bob", password: PASSWORD, client: "app" }, client))).toBe("invalid-credentials")
          yield* advance(Duration.minutes(15))
          yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
        })))

      it.effect("R15: an unknown login is throttled like a known one (the login as typed, normalised)", () =>
        inWorld(Effect.gen(function*() {
          for (let i = 0; i < DEFAULT_CONFIG.throttle.signInsPerPair; i++) {
            yield* errorTag(signIn({ login: "Ghost", password: PASSWORD, client: "app" }, client))
          }
          expect(yield* errorTag(signIn({ login: "ghost", password: PASSWORD, client: "app" }, client))).toBe("rate-limited")
        })))

      it.effect("R15: failed sign-ins are throttled per address (100 per 15 minutes) across logins", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          for (let i = 0; i < DEFAULT_CONFIG.throttle.signInsPerAddress; i++) {
            yield* errorTag(signIn({ login: `ghost${i}`, password: PASSWORD, client: "app" }, client))
          }
          expect(yield* errorTag(signIn({ login: "ann", password: PASSWORD, client: "app" }, client))).toBe("rate-limited")
          yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, otherClient)
        })))

      it.effect("R4, R15: admin-cannot-use-apps is not a failed sign-in", () =>
        inWorld(Effect.gen(function*() {
          yield* newGroup(5, "boss@acme.example")
          for (let i = 0; i < DEFAULT_CONFIG.throttle.signInsPerPair + 2; i++) {
            expect(yield* errorTag(signIn({ login: "boss@acme.example", password: PASSWORD, client: "app" }, client)))
              .toBe("admin-cannot-use-apps")
          }
          yield* signIn({ login: "boss@acme.example", password: PASSWORD, client: "cabinet" }, client)
        })))

      it.effect("API.md §1: a token authenticates its account; an admin's principal carries its group", () =>
        inWorld(Effect.gen(function*() {
          const group = yield* newGroup(5, "boss@acme.example")
          const ann = yield* registerUser(registration("ann"), client)
          const userSession = yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
          expect(yield* authenticate(userSession.token)).toMatchObject({ kind: "user", userId: ann.user.id })
          const adminSession = yield* signIn({ login: "boss@acme.example", password: PASSWORD, client: "cabinet" }, client)
          expect(yield* authenticate(adminSession.token)).toMatchObject({
            kind: "group-admin",
            adminId: group.admin.id,
            groupId: group.group.id
          })
        })))

      it.effect("API.md §1: an unknown, empty or expired token is unauthenticated", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          const session = yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
          expect(yield* errorTag(authenticate(`${session.token}x`))).toBe("unauthenticated")
          expect(yield* errorTag(authenticate(""))).toBe("unauthenticated")
          yield* advance(Duration.subtract(DEFAULT_CONFIG.sessionTtl, Duration.seconds(1)))
          yield* authenticate(session.token)
          yield* advance(Duration.seconds(1))
          expect(yield* errorTag(authenticate(session.token))).toBe("unauthenticated")
        })))

      it.effect("API.md §1: sign-out ends that token only", () =>
        inWorld(Effect.gen(function*() {
          yield* registerUser(registration("ann"), client)
          const first = yield* signIn({ login: "ann", password: PASSWORD, client: "app" }, client)
          const second = yield* signIn({ login: "ann", password: PASSWORD, client: "cabinet" }, client)
          yield* signOut(yield* authenticate(first.token))
          expect(yield* errorTag(authenticate(first.token))).toBe("unauthenticated")
          yield* authenticate(second.token)
          expect((yield* snapshot).outbox.filter((e) => e.type === "SignedOut")).toHaveLength(1)
        })))
    })
  })

/**
 * Account use cases on the in-memory adapters: registration (R2, R3, R12),
 * the admin's *Add user* (R13), sign-in, authentication and sign-out (R4, R5,
 * R15, API.md §1), password changes (R5), the profile (`/v1/me`, R32) and
 * conference permits (R30–R32), with the events they record (R50, R51).
 * `it.effect` provides a TestClock (starting at the epoch); each test builds a
 * fresh, empty world.
 */
import { MemoryAdapters, MemoryStoreInspector } from "@corporate-groups/adapters"
import {
  addMember,
  type AdminPrincipal,
  authenticate,
  changePassword,
  type ClientInfo,
  CORPORATE,
  DEFAULT_CONFIG,
  FREE_DEFAULT,
  getMe,
  type GroupAdminId,
  type GroupId,
  joinGroup,
  payInvoice,
  registerGroup,
  registerUser,
  requestConferencePermit,
  type SessionId,
  signIn,
  signOut,
  updateMe,
  type UserId,
  type UserPrincipal
} from "@corporate-groups/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Layer } from "effect"
import { Base64Url } from "effect/encoding"
import { TestClock } from "effect/testing"

const client: ClientInfo = { address: "203.0.113.7" }
const otherClient: ClientInfo = { address: "198.51.100.9" }
const PASSWORD = "a long enough passphrase"
const NEW_PASSWORD = "another long passphrase"
const SESSION = "0190a6c4-0000-7000-8000-00000000abcd" as SessionId

const world = () => MemoryAdapters.layer({ fastHashing: true })

/** Runs `body` in a fresh in-memory world. */
const inWorld = <A, E, R>(body: Effect.Effect<A, E, R>) =>
  body.pipe(Effect.provide(world())) as Effect.Effect<A, E, Exclude<R, Layer.Success<ReturnType<typeof world>>>>

const snapshot = Effect.gen(function*() {
  return yield* (yield* MemoryStoreInspector).snapshot
})

const errorOf = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.flip(effect)

const errorTag = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => error._tag)

const fieldsOf = <A, R>(
  effect: Effect.Effect<A, { readonly _tag: string; readonly errors?: ReadonlyArray<{ field: string }> }, R>
) => Effect.map(Effect.flip(effect), (error) => ({ tag: error._tag, fields: (error.errors ?? []).map((e) => e.field) }))

const registration = (login: string, extra: Record<string, unknown> = {}) => ({
  trueconfId: login,
  email: `${login}@example.com`,
  password: PASSWORD,
  passwordConfirmation: PASSWORD,
  firstName: "Ann",
  lastName: "Doe",
  country: "de",
  ...extra
})

const newGroup = Effect.fnUntraced(function*(seats = 10, email = "admin@acme.example") {
  const registered = yield* registerGroup({
    name: "Acme",
    seats,
    admin: { email, password: PASSWORD, passwordConfirmation: PASSWORD }
  })
  const principal: AdminPrincipal = {
    kind: "group-admin",
    adminId: registered.admin.id as GroupAdminId,
    groupId: registered.group.id as GroupId,
    sessionId: SESSION
  }
  return { ...registered, principal, code: registered.group.corporateCode }
})

/** Pays the open first invoice: the group becomes active (R42). */
const activate = (group: { readonly principal: AdminPrincipal; readonly invoice: { readonly id: string } }) =>
  payInvoice(group.principal, group.invoice.id, { paymentMethod: "tok_visa" }, `pay-${group.invoice.id}`)

const userPrincipal = (id: string): UserPrincipal => ({ kind: "user", userId: id as UserId, sessionId: SESSION })

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
      yield* TestClock.adjust(Duration.minutes(15))
      const ann = yield* registerUser(registration("ann", { corporateCode: group.code }), client)
      expect(ann.group).not.toBeNull()
    })))
})

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
      yield* TestClock.adjust(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
      expect(yield* errorTag(addMember(group.principal, registration("ann")))).toBe("group-suspended")
      expect((yield* snapshot).users).toEqual([])
    })))
})

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
      yield* TestClock.adjust(Duration.minutes(15))
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
      yield* TestClock.adjust(Duration.subtract(DEFAULT_CONFIG.sessionTtl, Duration.seconds(1)))
      yield* authenticate(session.token)
      yield* TestClock.adjust(Duration.seconds(1))
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
      yield* TestClock.adjust(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
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

describe("R30–R32: conference permits (POST /v1/me/conference-permits)", () => {
  it.effect("R31: an admin is always refused with admin-cannot-call, whatever it asks", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup()
      expect(yield* errorTag(requestConferencePermit(group.principal, { kind: "point-to-point", participants: 2 })))
        .toBe("admin-cannot-call")
      expect(yield* errorTag(requestConferencePermit(group.principal, { nonsense: true }))).toBe("admin-cannot-call")
    })))

  it.effect("R30, R31: a Free user: point-to-point unlimited, symmetric up to 4 for 30 minutes, nothing role-based", () =>
    inWorld(Effect.gen(function*() {
      const ann = userPrincipal((yield* registerUser(registration("ann"), client)).user.id)
      expect(yield* requestConferencePermit(ann, { kind: "point-to-point", participants: 2 }))
        .toEqual({ allowed: true, maxDurationMinutes: null, tariff: FREE_DEFAULT })
      expect(yield* requestConferencePermit(ann, { kind: "symmetric", participants: 4, durationMinutes: 30 }))
        .toMatchObject({ allowed: true, maxDurationMinutes: 30 })
      expect(yield* errorOf(requestConferencePermit(ann, { kind: "symmetric", participants: 5, durationMinutes: 60 })))
        .toMatchObject({ _tag: "conference-limit-exceeded", limit: "participants", max: 4 })
      expect(yield* errorOf(requestConferencePermit(ann, { kind: "symmetric", participants: 3, durationMinutes: 31 })))
        .toMatchObject({ _tag: "conference-limit-exceeded", limit: "duration", max: 30 })
      expect(yield* errorOf(requestConferencePermit(ann, { kind: "role-based", participants: 500, presenters: 50 })))
        .toMatchObject({ _tag: "conference-limit-exceeded", limit: "kind", max: 0 })
    })))

  it.effect("R30, R32: a member of an active group has the Corporate limits; of a pending or suspended one, Free", () =>
    inWorld(Effect.gen(function*() {
      const group = yield* newGroup()
      const ann = userPrincipal((yield* registerUser(registration("ann", { corporateCode: group.code }), client)).user.id)
      const roleBased = { kind: "role-based", participants: 120, presenters: 4 }
      expect(yield* errorOf(requestConferencePermit(ann, roleBased))).toMatchObject({ limit: "kind" })
      yield* activate(group)
      expect(yield* requestConferencePermit(ann, roleBased)).toEqual({ allowed: true, maxDurationMinutes: null, tariff: CORPORATE })
      expect(yield* errorOf(requestConferencePermit(ann, { ...roleBased, presenters: 5 })))
        .toMatchObject({ _tag: "conference-limit-exceeded", limit: "presenters", max: 4 })
      expect(yield* errorOf(requestConferencePermit(ann, { kind: "asymmetric", participants: 17 })))
        .toMatchObject({ limit: "participants", max: 16 })
      yield* TestClock.adjust(Duration.sum(DEFAULT_CONFIG.billingPeriod, DEFAULT_CONFIG.gracePeriod))
      expect(yield* errorOf(requestConferencePermit(ann, roleBased))).toMatchObject({ limit: "kind", max: 0 })
    })))

  it.effect("R31 (API.md §5 Permits): point-to-point is exactly 2; presenters count only for role-based; bad fields are validation-failed", () =>
    inWorld(Effect.gen(function*() {
      const ann = userPrincipal((yield* registerUser(registration("ann"), client)).user.id)
      expect(yield* errorOf(requestConferencePermit(ann, { kind: "point-to-point", participants: 3 })))
        .toMatchObject({ limit: "participants", max: 2 })
      expect(yield* fieldsOf(requestConferencePermit(ann, { kind: "point-to-point", participants: 1 })))
        .toEqual({ tag: "validation-failed", fields: ["participants"] })
      expect(yield* requestConferencePermit(ann, { kind: "symmetric", participants: 2, presenters: 0 }))
        .toMatchObject({ allowed: true })
      expect(yield* fieldsOf(requestConferencePermit(ann, { kind: "video", participants: 0, durationMinutes: 1.5 })))
        .toEqual({ tag: "validation-failed", fields: ["kind", "participants", "durationMinutes"] })
    })))
})

/**
 * What the use-case suites share: a fresh world of the target per test, the
 * adapter-agnostic view of its committed state, the controlled clock, and
 * accounts and groups made through the use cases themselves.
 */
import {
  type AdminPrincipal,
  type ClientInfo,
  type GroupAdminId,
  type GroupId,
  payInvoice,
  registerGroup,
  registerUser,
  type SessionId,
  type UserId,
  type UserPrincipal
} from "@corporate-groups/domain"
import { type Duration, Effect } from "effect"
import { ControlledClock } from "../../ControlledClock.js"
import { StateInspector } from "../../StateInspector.js"
import type { TestServices } from "../../TestLayer.js"
import type { ContractTarget } from "../Target.js"

export const client: ClientInfo = { address: "203.0.113.7" }
export const otherClient: ClientInfo = { address: "198.51.100.9" }
export const PASSWORD = "a long enough passphrase"
export const NEW_PASSWORD = "another long passphrase"
export const SESSION = "0190a6c4-0000-7000-8000-00000000abcd" as SessionId

/**
 * Runs a test's body in a fresh, empty world of `target`. The target's layer
 * brings its own `Clock`, which wins over the TestClock `it.effect` provides
 * outside it, so time moves only by `advance` (the registration suites check
 * that the use cases see the controlled start).
 */
export const worldOf = (target: ContractTarget) => <A, E>(body: Effect.Effect<A, E, TestServices>) =>
  Effect.provide(body, target.layer())

/** Everything the target has committed. */
export const snapshot = StateInspector.use((inspector) => inspector.snapshot)

/** Moves the target's clock forward. */
export const advance = (by: Duration.Input) => ControlledClock.use((clock) => clock.advance(by))

export const errorOf = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.flip(effect)

export const errorTag = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => error._tag)

/** The refusal's tag and the fields it names, in order. */
export const fieldsOf = <A, R>(
  effect: Effect.Effect<A, { readonly _tag: string; readonly errors?: ReadonlyArray<{ field: string }> }, R>
) => Effect.map(Effect.flip(effect), (error) => ({ tag: error._tag, fields: (error.errors ?? []).map((e) => e.field) }))

/** The body of `POST /v1/users` for `login`, valid unless `extra` says otherwise. */
export const registration = (login: string, extra: Record<string, unknown> = {}) => ({
  trueconfId: login,
  email: `${login}@example.com`,
  password: PASSWORD,
  passwordConfirmation: PASSWORD,
  firstName: "Ann",
  lastName: "Doe",
  country: "de",
  ...extra
})

/** A registered group with its admin's principal and its corporate code. */
export const newGroup = Effect.fnUntraced(function*(seats = 10, email = "admin@acme.example", name = "Acme") {
  const registered = yield* registerGroup({
    name,
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
export const activate = (group: { readonly principal: AdminPrincipal; readonly invoice: { readonly id: string } }) =>
  payInvoice(group.principal, group.invoice.id, { paymentMethod: "tok_visa" }, `pay-${group.invoice.id}`)

export const userPrincipal = (id: string): UserPrincipal => ({ kind: "user", userId: id as UserId, sessionId: SESSION })

type Registration = ReturnType<typeof registerUser>

/** A user made by `newUser`: what registration answered, and the user's principal. */
export type NewUser = Effect.Success<Registration> & { readonly principal: UserPrincipal }

let users = 0

/** A registered user with a fresh login, in the group of `corporateCode` if given. */
export const newUser = Effect.fnUntraced(function*(
  firstName: string,
  lastName: string,
  corporateCode?: string
): Effect.fn.Return<NewUser, Effect.Error<Registration>, Effect.Services<Registration>> {
  users += 1
  const login = `user${users}`
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
  return { ...registered, principal: userPrincipal(registered.user.id) }
})

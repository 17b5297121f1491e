/**
 * R4, R5, R15, API.md §1: sign-in (`POST /v1/sessions`). The login is a TrueConf
 * ID (bare login or full) or an email, in any case; users are found by either,
 * admins by email. A wrong login or password is `invalid-credentials`, the same
 * error in about the same time whether or not the account exists (the password
 * is verified against a decoy hash when there is no account). Only the right
 * password of an admin earns `admin-cannot-use-apps` for the client apps.
 * Failed sign-ins are throttled per login-and-address pair and per address.
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import { DomainConfig } from "../config/DomainConfig.js"
import { AdminCannotUseApps, InvalidCredentials } from "../errors/DomainErrors.js"
import type { Account } from "../model/Accounts.js"
import type { Session } from "../model/Session.js"
import { Entropy } from "../ports/Entropy.js"
import { Secrets } from "../ports/Secrets.js"
import { Store, type Tx } from "../ports/Store.js"
import { type ThrottleKey, throttleKeys } from "../rules/Throttling.js"
import type { Email } from "../values/Email.js"
import type { SessionId } from "../values/Ids.js"
import { normalizeLogin, type TrueconfId } from "../values/TrueconfId.js"
import { decodeInput } from "../values/Validation.js"
import { countFailure, guard } from "./support/Guard.js"
import { rawField } from "./support/Input.js"
import { newId } from "./support/NewId.js"
import { verifyPassword } from "./support/Passwords.js"
import type { ClientInfo } from "./support/Principal.js"
import { record } from "./support/Record.js"

/** API.md §1: `client` is `"app"` (a client application) or `"cabinet"` (the web cabinet). */
export const SignInInput = Schema.Struct({
  login: Schema.String,
  /** Any string: the password policy applies when one is set, not when it is typed. */
  password: Schema.String,
  client: Schema.Literals(["app", "cabinet"])
})

/** API.md §1: tokens carry at least 128 bits from a CSPRNG; these carry 256. */
export const TOKEN_BYTES = 32

/**
 * R15, API.md §5 Throttle: the pair's account is the login as typed, normalised
 * (so an unknown login is throttled like a known one). The login is
 * percent-encoded so that no login can forge another pair's key.
 */
const signInKeys = (
  input: unknown,
  serviceDomain: string,
  address: string,
  limits: { readonly signInsPerPair: number; readonly signInsPerAddress: number }
): ReadonlyArray<ThrottleKey> => {
  const login = rawField(input, "login")
  const byAddress = { key: throttleKeys.signInByAddress(address), limit: limits.signInsPerAddress }
  if (typeof login !== "string") return [byAddress]
  const normalised = encodeURIComponent(normalizeLogin(login, serviceDomain).value)
  return [{ key: throttleKeys.signInByPair(normalised, address), limit: limits.signInsPerPair }, byAddress]
}

/**
 * R5: a TrueConf ID names a user; any other address an account by email (users
 * and admins share the email space). A login on the service domain that names
 * no user is tried as an email too, in case an account's email is on it.
 */
const findAccount = Effect.fnUntraced(function*(tx: Tx, login: string, serviceDomain: string) {
  const lookup = normalizeLogin(login, serviceDomain)
  if (lookup.kind === "trueconf-id") {
    const user = yield* tx.users.findByTrueconfId(lookup.value as TrueconfId)
    if (Option.isSome(user) || !login.includes("@")) return Option.getOrNull<Account>(user)
  }
  return Option.getOrNull(yield* tx.accounts.findByEmail(lookup.value as Email))
})

export const signIn = Effect.fn("signIn")(function*(input: unknown, client: ClientInfo) {
  const config = yield* DomainConfig
  const keys = signInKeys(input, config.serviceDomain, client.address, config.throttle)
  yield* guard(keys)
  const request = yield* decodeInput(SignInInput)(input)
  const store = yield* Store
  const account = yield* store.transaction((tx) => findAccount(tx, request.login, config.serviceDomain))
  // Verify even when there is no account, against a decoy, so both take as long.
  const verified = yield* verifyPassword(request.password, account?.passwordHash ?? null)
  if (account === null || !verified) {
    yield* countFailure(keys)
    return yield* new InvalidCredentials()
  }
  // R4: only after the right password (not a failed sign-in, so not counted).
  if (account.kind === "group-admin" && request.client === "app") return yield* new AdminCannotUseApps()

  const token = Base64Url.encode(yield* (yield* Entropy).bytes(TOKEN_BYTES))
  const now = yield* DateTime.now
  const session: Session = {
    id: yield* newId<SessionId>(),
    tokenHash: yield* (yield* Secrets).tokenHash(token),
    accountId: account.id,
    accountKind: account.kind,
    client: request.client,
    createdAt: now,
    expiresAt: DateTime.addDuration(now, config.sessionTtl)
  }
  const actor = { kind: account.kind, id: account.id }
  yield* store.transaction((tx) =>
    Effect.gen(function*() {
      yield* tx.sessions.insert(session)
      // Not a change of any group (an admin's sign-in included): never audited.
      yield* record(tx, {
        type: "SignedIn",
        groupId: null,
        actor,
        target: null,
        payload: { sessionId: session.id, client: session.client }
      })
    })
  )
  return { token, expiresAt: session.expiresAt, account: actor }
})

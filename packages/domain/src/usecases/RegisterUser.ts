/**
 * R2, R3, R12: public registration (`POST /v1/users`). A new User is on the Free
 * tariff unless a corporate code is given; then the account and its membership
 * are created together or not at all (a bad code or a full group creates
 * nothing), through the same redemption as a signed-in join (support/Redeem.ts).
 */
import { Effect, Schema } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { Secrets } from "../ports/Secrets.js"
import { Store } from "../ports/Store.js"
import { type ThrottleKey, throttleKeys } from "../rules/Throttling.js"
import { CorporateCodeInput, normalizeCode } from "../values/CorporateCode.js"
import { DEFAULT_SERVICE_DOMAIN } from "../values/TrueconfId.js"
import { countFailure, guard } from "./support/Guard.js"
import { dropNulls, dropWhere, rawField } from "./support/Input.js"
import {
  decodeRegistration,
  ensureUnique,
  OPTIONAL_REGISTRATION_FIELDS,
  prepareUser,
  registeredPayload,
  registrationFields
} from "./support/NewUser.js"
import type { ClientInfo } from "./support/Principal.js"
import { groupRef, tariffOf, userView } from "./support/Profile.js"
import { record } from "./support/Record.js"
import { redeemIn } from "./support/Redeem.js"

/** The body of `POST /v1/users` for a service domain (the TrueConf ID is checked against it). */
export const registerUserInput = (serviceDomain: string) =>
  Schema.Struct({
    ...registrationFields(serviceDomain),
    /** R12: any string; one that matches no live group is `corporate-code-invalid`. */
    corporateCode: Schema.optional(CorporateCodeInput)
  })

/** The body of `POST /v1/users` on the default service domain, for documentation. */
export const RegisterUserInput = registerUserInput(DEFAULT_SERVICE_DOMAIN)

const OPTIONAL_FIELDS = [...OPTIONAL_REGISTRATION_FIELDS, "corporateCode"]

/**
 * A corporate code left blank (empty, or only spaces and dashes) is no code:
 * a registration form submits its empty field as `""`.
 */
const isBlankCode = (value: unknown): boolean => typeof value === "string" && normalizeCode(value) === ""

export const registerUser = Effect.fn("registerUser")(function*(input: unknown, client: ClientInfo) {
  const config = yield* DomainConfig
  const body = dropWhere(dropNulls(input, OPTIONAL_FIELDS), ["corporateCode"], isBlankCode)
  // R15: only a registration that redeems a code can fail a redemption; there is
  // no account yet, so the client address is the only key.
  const keys: ReadonlyArray<ThrottleKey> = rawField(body, "corporateCode") === undefined ? [] : [
    { key: throttleKeys.redemptionByAddress(client.address), limit: config.throttle.redemptionsPerAddress }
  ]
  yield* guard(keys)
  const fields = yield* decodeRegistration(registerUserInput(config.serviceDomain), OPTIONAL_FIELDS)(body)
  const user = yield* prepareUser(fields)
  const codeHash = fields.corporateCode === undefined
    ? null
    : yield* (yield* Secrets).codeLookupHash(normalizeCode(fields.corporateCode))
  const group = yield* (yield* Store).transaction((tx) =>
    Effect.gen(function*() {
      // R2: validation (done), then uniqueness, then the corporate code.
      yield* ensureUnique(tx, user)
      yield* tx.users.insert(user)
      yield* record(tx, {
        type: "UserRegistered",
        groupId: null,
        actor: { kind: "user", id: user.id },
        target: { kind: "user", id: user.id },
        payload: registeredPayload(user, "registration")
      })
      return codeHash === null ? null : yield* redeemIn(tx, user.id, codeHash)
    })
  ).pipe(Effect.tapErrorTag("corporate-code-invalid", () => countFailure(keys)))
  return { user: userView(user), tariff: yield* tariffOf(group), group: groupRef(group) }
})

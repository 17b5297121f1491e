/**
 * R2, R13: what public registration (`POST /v1/users`) and the admin's *Add user*
 * (`POST /v1/admin/members`) share: the registration fields and their decoding
 * (every bad field at once, the confirmation checked beside the schema), the
 * new User built outside the transaction (hashing is slow and the transaction
 * may be retried), and the uniqueness checks inside it (TrueConf ID before
 * email; an email is unique among users and admins alike).
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { EmailTaken, TrueconfIdTaken, type ValidationFailed } from "../../errors/DomainErrors.js"
import type { User } from "../../model/Accounts.js"
import { hashPassword } from "./Passwords.js"
import type { Tx } from "../../ports/Store.js"
import { Country } from "../../values/Country.js"
import { Email } from "../../values/Email.js"
import type { UserId } from "../../values/Ids.js"
import { DEFAULT_LANGUAGE, Language } from "../../values/Language.js"
import { Password } from "../../values/Password.js"
import { PersonName } from "../../values/PersonName.js"
import { trueconfIdSchema } from "../../values/TrueconfId.js"
import { confirmationMatches, decodeInput, mergeValidation } from "../../values/Validation.js"
import { dropNulls } from "./Input.js"
import { newId } from "./NewId.js"

/** R2: the fields of a new User; the TrueConf ID is checked against the configured service domain. */
export const registrationFields = (serviceDomain: string) => ({
  trueconfId: trueconfIdSchema(serviceDomain),
  email: Email,
  password: Password,
  passwordConfirmation: Schema.String,
  firstName: PersonName,
  lastName: PersonName,
  country: Country,
  /** R2: `en` when absent. */
  language: Language.pipe(Schema.withDecodingDefault(Effect.succeed<string>(DEFAULT_LANGUAGE))),
  /** R2: the opt-ins default to off. */
  productNews: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false))),
  researchBulletin: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false)))
})

/** The optional registration fields, for which `null` means absent (support/Input.ts). */
export const OPTIONAL_REGISTRATION_FIELDS: ReadonlyArray<string> = ["language", "productNews", "researchBulletin"]

/** The body of `POST /v1/admin/members`: the registration fields without a corporate code. */
export const newUserInput = (serviceDomain: string) => Schema.Struct(registrationFields(serviceDomain))

export type NewUserFields = ReturnType<typeof newUserInput>["Type"]

/**
 * R2: decodes `input` with `schema` (an extension of the registration fields)
 * and checks the password confirmation beside it, reporting every bad field
 * at once (`validation-failed`), the confirmation on `passwordConfirmation`.
 */
export const decodeRegistration = <S extends Schema.ConstraintDecoder<unknown>>(
  schema: S,
  optionalFields: ReadonlyArray<string> = OPTIONAL_REGISTRATION_FIELDS
) => {
  const decode = decodeInput(schema)
  return (input: unknown): Effect.Effect<S["Type"], ValidationFailed> =>
    mergeValidation(
      decode(dropNulls(input, optionalFields)),
      confirmationMatches(input, "password", "passwordConfirmation")
    ).pipe(Effect.map(([fields]) => fields))
}

/**
 * The new User, built before the transaction: the password is hashed here
 * (slow, memory-hard, R5) so a retried transaction does not hash again.
 */
export const prepareUser = Effect.fnUntraced(function*(fields: NewUserFields) {
  const passwordHash = yield* hashPassword(fields.password)
  const user: User = {
    kind: "user",
    id: yield* newId<UserId>(),
    trueconfId: fields.trueconfId,
    email: fields.email,
    passwordHash,
    firstName: fields.firstName,
    lastName: fields.lastName,
    country: fields.country,
    language: fields.language,
    productNews: fields.productNews,
    researchBulletin: fields.researchBulletin,
    createdAt: yield* DateTime.now
  }
  return user
})

/**
 * R2: inside the creating transaction, the TrueConf ID first, then the email
 * among every account. A concurrent insert of the same key makes the adapter
 * retry the transaction, which then finds it here.
 */
export const ensureUnique = Effect.fnUntraced(function*(tx: Tx, user: User) {
  if (Option.isSome(yield* tx.users.findByTrueconfId(user.trueconfId))) return yield* new TrueconfIdTaken()
  if (Option.isSome(yield* tx.accounts.findByEmail(user.email))) return yield* new EmailTaken()
})

/** The payload of `UserRegistered`: who, and through which door. */
export const registeredPayload = (user: User, via: "registration" | "admin") => ({
  userId: user.id,
  trueconfId: user.trueconfId,
  via
})

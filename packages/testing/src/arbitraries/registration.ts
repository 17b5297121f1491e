/**
 * R2, R13: the registration fields shared by public registration
 * (`POST /v1/users`) and the admin's *Add user* (`POST /v1/admin/members`):
 * TrueConf ID, email, password and its confirmation, names, country, and the
 * optional language and opt-ins (sometimes absent, so their defaults apply).
 * With `index`, the TrueConf ID and the email are distinct for distinct indices.
 */
import { DEFAULT_SERVICE_DOMAIN } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodySpec, confirmationOf, optional, required } from "./body.js"
import { country, invalidCountry } from "./country.js"
import { email, emailFor, invalidEmail } from "./email.js"
import { valuesOf, wrongType } from "./invalid.js"
import { invalidLanguage, language } from "./language.js"
import { invalidPassword, password } from "./password.js"
import { invalidPersonName, personName } from "./personName.js"
import { invalidTrueconfId, trueconfId, trueconfIdFor, type UniqueKey } from "./trueconfId.js"

/** The registration fields of a new User, as sent. */
export interface RegistrationBody {
  readonly trueconfId: string
  readonly email: string
  readonly password: string
  readonly passwordConfirmation: string
  readonly firstName: string
  readonly lastName: string
  readonly country: string
  readonly language?: string
  readonly productNews?: boolean
  readonly researchBulletin?: boolean
}

export interface RegistrationOptions {
  /** The configured service domain; default `t.trueconf.com`. */
  readonly serviceDomain?: string
  /**
   * Makes the TrueConf ID and the email unique: distinct indices never
   * collide (users of `registerUserInput` and `addMemberInput` share one
   * index space; group admins have their own).
   */
  readonly index?: UniqueKey
}

/** Valid registration fields, the confirmation equal to the password. */
export const registrationFields = (
  { index, serviceDomain = DEFAULT_SERVICE_DOMAIN }: RegistrationOptions = {}
): fc.Arbitrary<RegistrationBody> =>
  fc.record(
    {
      trueconfId: index === undefined ? trueconfId({ serviceDomain }) : trueconfIdFor(`u${index}`, { serviceDomain }),
      email: index === undefined ? email() : emailFor(`u${index}`),
      password: password(),
      firstName: personName(),
      lastName: personName(),
      country: country(),
      language: language(),
      productNews: fc.boolean(),
      researchBulletin: fc.boolean()
    },
    { requiredKeys: ["trueconfId", "email", "password", "firstName", "lastName", "country"] }
  ).map((fields) => ({ ...fields, passwordConfirmation: fields.password }))

/** How each registration field breaks; `null` in an optional field means absent, so it is no break there. */
export const registrationSpec = (serviceDomain: string = DEFAULT_SERVICE_DOMAIN): BodySpec => {
  let spec = specs.get(serviceDomain)
  if (spec === undefined) {
    spec = makeSpec(serviceDomain)
    specs.set(serviceDomain, spec)
  }
  return spec
}

const specs = new Map<string, BodySpec>()

const makeSpec = (serviceDomain: string): BodySpec => ({
  fields: {
    trueconfId: required(valuesOf(invalidTrueconfId({ serviceDomain }))),
    email: required(valuesOf(invalidEmail())),
    password: required(valuesOf(invalidPassword())),
    passwordConfirmation: confirmationOf("password"),
    firstName: required(valuesOf(invalidPersonName())),
    lastName: required(valuesOf(invalidPersonName())),
    country: required(valuesOf(invalidCountry())),
    language: optional(valuesOf(invalidLanguage())),
    productNews: optional(wrongType("boolean", { withNull: false })),
    researchBulletin: optional(wrongType("boolean", { withNull: false }))
  },
  confirmations: [["password", "passwordConfirmation"]]
})

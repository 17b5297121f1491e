/**
 * R2, R3, R12: the body of `POST /v1/users`, public registration: the
 * registration fields, and with `withCode` a corporate code (`true`: a random
 * displayed code, which names no group; a string: that code, typed sloppily
 * as people do, which the domain must still match).
 */
import type { RegisterUserInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, optional, withSpec } from "./body.js"
import { displayedCorporateCode, sloppyFormOf } from "./corporateCode.js"
import { wrongType } from "./invalid.js"
import { type RegistrationBody, registrationFields, type RegistrationOptions, registrationSpec } from "./registration.js"

export type RegisterUserBody = Conforms<RegistrationBody & { readonly corporateCode?: string }, typeof RegisterUserInput.Encoded>

export interface RegisterUserOptions extends RegistrationOptions {
  /** Add a corporate code: `true` a random one (no group has it), a string that code in a sloppy spelling. */
  readonly withCode?: boolean | string
}

/** A valid registration body; `registerUserInput(serviceDomain)` of the domain decodes it. */
export const registerUserInput = (options: RegisterUserOptions = {}): BodyArbitrary<RegisterUserBody> => {
  const { withCode = false } = options
  const fields = registrationFields(options)
  const body: fc.Arbitrary<RegisterUserBody> = withCode === false
    ? fields
    : fc.tuple(fields, withCode === true ? displayedCorporateCode() : sloppyFormOf(withCode))
      .map(([registration, corporateCode]) => ({ ...registration, corporateCode }))
  const spec = registrationSpec(options.serviceDomain)
  return withSpec(body, {
    ...spec,
    fields: { ...spec.fields, corporateCode: optional(wrongType("string", { withNull: false })) }
  })
}

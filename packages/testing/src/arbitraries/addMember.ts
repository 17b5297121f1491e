/**
 * R13: the body of `POST /v1/admin/members`: the admin creates a User
 * directly into the group, with the registration fields and checks of R2 and
 * no corporate code.
 */
import type { AddMemberInput } from "@corporate-groups/domain"
import { type BodyArbitrary, type Conforms, withSpec } from "./body.js"
import { type RegistrationBody, registrationFields, type RegistrationOptions, registrationSpec } from "./registration.js"

export type AddMemberBody = Conforms<RegistrationBody, typeof AddMemberInput.Encoded>

/** A valid *Add user* body; `addMemberInput(serviceDomain)` of the domain decodes it. */
export const addMemberInput = (options: RegistrationOptions = {}): BodyArbitrary<AddMemberBody> =>
  withSpec(registrationFields(options), registrationSpec(options.serviceDomain))

/**
 * `PATCH /v1/me`: any subset of the profile fields of R2 (names, country,
 * language, opt-ins), the empty patch included; never the TrueConf ID, email
 * or password, which the patch does not change. Here `null` is no "absent":
 * a field sent as null is refused like any other non-string.
 */
import type { UpdateMeInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, optional, withSpec } from "./body.js"
import { country, invalidCountry } from "./country.js"
import { valuesOf, wrongType } from "./invalid.js"
import { invalidLanguage, language } from "./language.js"
import { invalidPersonName, personName } from "./personName.js"

export type ProfilePatchBody = Conforms<{
  readonly firstName?: string
  readonly lastName?: string
  readonly country?: string
  readonly language?: string
  readonly productNews?: boolean
  readonly researchBulletin?: boolean
}, typeof UpdateMeInput.Encoded>

/** A valid profile patch; the domain's `UpdateMeInput` decodes it. */
export const profilePatch = (): BodyArbitrary<ProfilePatchBody> =>
  withSpec(
    fc.record(
      {
        firstName: personName(),
        lastName: personName(),
        country: country(),
        language: language(),
        productNews: fc.boolean(),
        researchBulletin: fc.boolean()
      },
      { requiredKeys: [] }
    ),
    {
      fields: {
        firstName: optional(valuesOf(invalidPersonName())),
        lastName: optional(valuesOf(invalidPersonName())),
        country: optional(valuesOf(invalidCountry())),
        language: optional(valuesOf(invalidLanguage())),
        productNews: optional(wrongType("boolean")),
        researchBulletin: optional(wrongType("boolean"))
      }
    }
  )

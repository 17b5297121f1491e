/**
 * R12: the body of `POST /v1/me/group`: `{ corporateCode }`, any string
 * (a string naming no group is `corporate-code-invalid`, counted by the
 * throttle); only a non-string is `validation-failed`.
 */
import type { JoinGroupInput } from "@corporate-groups/domain"
import { type BodyArbitrary, type Conforms, required, withSpec } from "./body.js"
import { displayedCorporateCode, sloppyFormOf } from "./corporateCode.js"
import { wrongType } from "./invalid.js"

export type JoinGroupBody = Conforms<{ readonly corporateCode: string }, typeof JoinGroupInput.Encoded>

/** A join request: for `code`, that code in a sloppy spelling; without, a random displayed code (no group has it). */
export const joinGroupInput = (code?: string): BodyArbitrary<JoinGroupBody> =>
  withSpec(
    (code === undefined ? displayedCorporateCode() : sloppyFormOf(code)).map((corporateCode) => ({ corporateCode })),
    { fields: { corporateCode: required(wrongType("string")) } }
  )

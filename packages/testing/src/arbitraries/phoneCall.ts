/**
 * R45: the body of `POST /v1/me/phone-calls`, a finished call to a phone:
 * an E.164 number and whole minutes, at least 1.
 */
import type { RecordPhoneCallInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, required, withSpec } from "./body.js"
import { valuesOf, wrongType } from "./invalid.js"
import { invalidPhoneNumber, phoneNumber } from "./phoneNumber.js"

export type PhoneCallBody = Conforms<{ readonly phoneNumber: string; readonly minutes: number }, typeof RecordPhoneCallInput.Encoded>

export interface PhoneCallOptions {
  /** The minutes; default 1–600, mostly short calls. */
  readonly minutes?: fc.Arbitrary<number>
}

/** A valid finished call; the domain's `RecordPhoneCallInput` decodes it. */
export const phoneCallInput = (
  { minutes = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 600 }) }) }:
    PhoneCallOptions = {}
): BodyArbitrary<PhoneCallBody> =>
  withSpec(fc.record({ phoneNumber: phoneNumber(), minutes }), {
    fields: {
      phoneNumber: required(valuesOf(invalidPhoneNumber())),
      minutes: required(fc.oneof(fc.constantFrom(0, -1, 1.5, "5", Number.MAX_SAFE_INTEGER + 1), wrongType("number")))
    }
  })

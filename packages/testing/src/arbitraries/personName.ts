/**
 * R2: a first or last name, 1–100 characters after trimming, any script
 * (astral letters count as one), with inner spaces, hyphens and apostrophes
 * (`Anne-Marie`, `O’Neil`, `de la Cruz`), sometimes padded; never a control
 * character.
 */
import { MAX_NAME_LENGTH } from "@corporate-groups/domain"
import fc from "fast-check"
import { displayText, invalidDisplayText } from "./displayText.js"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { unicodeLetter } from "./text.js"

const nameChar = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 10, arbitrary: unicodeLetter() }, { weight: 1, arbitrary: fc.constantFrom(" ", "-", "'", "\u2019", ".") })

/** A valid first or last name as typed. */
export const personName = (): fc.Arbitrary<string> => displayText(nameChar(), MAX_NAME_LENGTH)

/**
 * Names the domain refuses, reported on `firstName` unless told otherwise
 * (`{ field: "lastName" }`): empty, whitespace only, 101+ characters, a control
 * character inside, or not a string.
 */
export const invalidPersonName = ({ field = "firstName" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(field, fc.oneof({ weight: 4, arbitrary: invalidDisplayText(nameChar(), MAX_NAME_LENGTH) }, { weight: 1, arbitrary: wrongType("string") }))

/**
 * R17, R18: a group's name, 1–100 characters after trimming, no control
 * characters: letters of any script, digits and the punctuation company names
 * carry (`Acme & Sons, Ltd.`, `ООО «Ромашка»`), emoji too, sometimes padded.
 */
import { MAX_GROUP_NAME_LENGTH } from "@corporate-groups/domain"
import fc from "fast-check"
import { displayText, invalidDisplayText } from "./displayText.js"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { astralSymbol, codePointIn, unicodeLetter } from "./text.js"

const groupNameChar = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 10, arbitrary: unicodeLetter() },
    { weight: 2, arbitrary: codePointIn(0x30, 0x39) },
    { weight: 2, arbitrary: fc.constantFrom(" ", "-", "&", ".", ",", "'", "\u00ab", "\u00bb", "(", ")", "#", "/") },
    { weight: 1, arbitrary: astralSymbol() }
  )

/** A valid group name as typed. */
export const groupName = (): fc.Arbitrary<string> => displayText(groupNameChar(), MAX_GROUP_NAME_LENGTH)

/** Group names the domain refuses, each reported on `name`. */
export const invalidGroupName = ({ field = "name" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof({ weight: 4, arbitrary: invalidDisplayText(groupNameChar(), MAX_GROUP_NAME_LENGTH) }, { weight: 1, arbitrary: wrongType("string") })
  )

/**
 * R12, R15: a corporate code carries 80 bits (10 random bytes) written as 16
 * Crockford base32 characters, shown as `XXXX-XXXX-XXXX-XXXX`, and matched
 * ignoring case, dashes and spaces (I and L read as 1, O as 0). Codes are made
 * here exactly as the domain makes them (`corporateCodeFromBytes`,
 * `displayCode`), then typed sloppily for normalisation tests. A typed code is
 * never refused for its format: only a non-string is `validation-failed`; a
 * string that names no group is `corporate-code-invalid`.
 */
import { type CorporateCode, corporateCodeFromBytes, displayCode, normalizeCode, parseCode } from "@corporate-groups/domain"
import fc from "fast-check"
import { Option } from "effect"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"

const CODE_BYTES = 10

/** The random bytes a code is made of, as the Entropy port would give them. */
export const corporateCodeBytes = (): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: CODE_BYTES, maxLength: CODE_BYTES })

/** A canonical code: 16 Crockford base32 characters, upper-case, no dashes. */
export const corporateCode = (): fc.Arbitrary<CorporateCode> => corporateCodeBytes().map(corporateCodeFromBytes)

/** A code as *Group info* shows it: `XXXX-XXXX-XXXX-XXXX`. */
export const displayedCorporateCode = (): fc.Arbitrary<string> => corporateCode().map(displayCode)

/** What a typist may make of one character of a code: any case, 1 as I/i/L/l, 0 as O/o. */
const sloppyChar = (char: string): fc.Arbitrary<string> => {
  if (char === "1") return fc.constantFrom("1", "1", "I", "i", "L", "l")
  if (char === "0") return fc.constantFrom("0", "0", "O", "o")
  return fc.constantFrom(char, char.toLowerCase())
}

/** What may stand between two characters: mostly nothing, else dashes and spaces of any kind. */
const separator = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 8, arbitrary: fc.constant("") }, { weight: 2, arbitrary: fc.constantFrom("-", " ", "  ", "\u2013", "\u2010", "\t", " - ", "\u00a0") })

/**
 * Sloppy spellings of `code` (canonical or displayed), all of which the
 * domain matches to it: lower case, spaces instead of dashes, no dashes,
 * look-alike letters, dashes and spaces anywhere, spaces around.
 */
export const sloppyFormOf = (code: string): fc.Arbitrary<string> => {
  const canonical = Option.getOrThrowWith(parseCode(code), () => new Error(`not a corporate code: ${code}`))
  const blocks = displayCode(canonical).split("-")
  return fc.oneof(
    fc.constant(displayCode(canonical).toLowerCase()),
    fc.constant(canonical.toLowerCase()),
    fc.constant(canonical),
    fc.constant(blocks.join(" ")),
    fc.tuple(
      fc.tuple(...[...canonical].map(sloppyChar)),
      fc.array(separator(), { minLength: canonical.length - 1, maxLength: canonical.length - 1 }),
      fc.constantFrom("", " ", "  "),
      fc.constantFrom("", " ", "\n")
    ).map(([chars, seps, before, after]) => before + chars.map((char, i) => char + (seps[i] ?? "")).join("") + after)
  )
}

/** A code and a sloppy spelling of it: `normalizeCode(typed) === code`. */
export const sloppyCorporateCode = (): fc.Arbitrary<{ readonly code: CorporateCode; readonly typed: string }> =>
  corporateCode().chain((code) => sloppyFormOf(code).map((typed) => ({ code, typed })))

/**
 * Non-blank strings that name no code at all (wrong length, letters outside
 * Crockford's alphabet such as U, symbols): always `corporate-code-invalid`,
 * never `validation-failed`. (A blank one is "no code" at registration.)
 */
export const malformedCorporateCode = (): fc.Arbitrary<string> =>
  fc.oneof(
    displayedCorporateCode().map((code) => code.slice(0, -1)),
    displayedCorporateCode().map((code) => code + "7"),
    displayedCorporateCode().map((code) => "U" + code.slice(1)),
    fc.string({ minLength: 1, maxLength: 24 })
  ).filter((typed) => normalizeCode(typed) !== "" && Option.isNone(parseCode(typed)))

/** Corporate codes refused by validation, reported on `corporateCode`: only values that are not strings. */
export const invalidCorporateCode = ({ field = "corporateCode" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(field, wrongType("string", { withNull: false }))

/**
 * R15: a corporate code carries 80 bits from a CSPRNG, written as 16 Crockford
 * base32 characters (no I, L, O, U: nothing to misread aloud). Shown in blocks
 * of four, it is matched ignoring case, dashes and spaces, with the letters
 * people confuse with digits mapped to them. A typed code is any string: one
 * that normalises to nothing valid simply matches no group (and counts as a
 * failed redemption), so no format error ever hints at the code's shape.
 */
import { Option, Schema } from "effect"

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const CODE_BYTES = 10
const CODE_LENGTH = 16

/** The canonical form: what is hashed for lookup and encrypted for display. */
export const CorporateCode = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[0-9A-HJKMNP-TV-Z]{16}$/, { message: "must be a corporate code" })),
  Schema.brand("CorporateCode")
)
export type CorporateCode = typeof CorporateCode.Type

/** What a user types; never refused for its format (only a non-string is). */
export const CorporateCodeInput = Schema.String

/** The first 10 bytes (80 bits) become the code; fewer is a programming error. */
export const corporateCodeFromBytes = (bytes: Uint8Array): CorporateCode => {
  if (bytes.length < CODE_BYTES) throw new Error(`a corporate code needs ${CODE_BYTES} random bytes`)
  let code = ""
  let buffer = 0
  let bits = 0
  for (const byte of bytes.subarray(0, CODE_BYTES)) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      code += ALPHABET[(buffer >> bits) & 31]
    }
    buffer &= (1 << bits) - 1
  }
  return CorporateCode.make(code)
}

/** `XXXX-XXXX-XXXX-XXXX`, easy to read aloud and type. */
export const displayCode = (code: CorporateCode): string =>
  [0, 4, 8, 12].map((start) => code.slice(start, start + 4)).join("-")

/** Upper-case, without dashes or whitespace, I and L read as 1, O as 0. */
export const normalizeCode = (input: string): string =>
  input.toUpperCase().replace(/[\s\p{Pd}]/gu, "").replace(/[IL]/g, "1").replace(/O/g, "0")

const isCorporateCode = Schema.is(CorporateCode)

/** The canonical code a typed string names, if it has the shape of one. */
export const parseCode = (input: string): Option.Option<CorporateCode> => {
  const code = normalizeCode(input)
  return code.length === CODE_LENGTH && isCorporateCode(code) ? Option.some(code) : Option.none()
}

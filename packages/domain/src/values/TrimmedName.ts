/**
 * What a person's name (R2) and a group's name (R18) share: trimmed, 1–100
 * characters (code points) after trimming, at least one visible character, and
 * no control characters, lone surrogates or bidirectional overrides: they
 * have no place in a name shown in an address book (and PostgreSQL cannot
 * store NUL).
 */
import { Schema, SchemaGetter } from "effect"

export const MAX_NAME_LENGTH = 100

const isName = Schema.makeFilter<string>((name) => {
  const length = [...name].length
  if (length === 0) return "must not be empty"
  if (length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`
  if (/[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u.test(name)) return "must not contain control characters"
  // An address book entry must be visible: only format characters (U+200B…) would not be.
  return /[^\p{Z}\p{Cf}\s]/u.test(name) ? undefined : "must contain a visible character"
})

/** Brand it per use: `TrimmedName.pipe(Schema.brand("PersonName"))`. */
export const TrimmedName = Schema.String.pipe(
  Schema.decodeTo(Schema.String.pipe(Schema.check(isName)), {
    decode: SchemaGetter.transform((input: string) => input.trim()),
    encode: SchemaGetter.passthrough()
  })
)

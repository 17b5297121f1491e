/**
 * What a person's name (R2) and a group's name (R18) share: trimmed, 1–100
 * characters (code points) after trimming, and no control characters: they
 * have no place in a name shown in an address book, and PostgreSQL cannot
 * store NUL.
 */
import { Schema, SchemaGetter } from "effect"

export const MAX_NAME_LENGTH = 100

const isName = Schema.makeFilter<string>((name) => {
  const length = [...name].length
  if (length === 0) return "must not be empty"
  if (length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`
  return /\p{Cc}/u.test(name) ? "must not contain control characters" : undefined
})

/** Brand it per use: `TrimmedName.pipe(Schema.brand("PersonName"))`. */
export const TrimmedName = Schema.String.pipe(
  Schema.decodeTo(Schema.String.pipe(Schema.check(isName)), {
    decode: SchemaGetter.transform((input: string) => input.trim()),
    encode: SchemaGetter.passthrough()
  })
)

/**
 * R2: a first or last name, trimmed, 1–100 characters (code points) after
 * trimming. Control characters are refused too: they have no place in a name
 * shown in an address book, and PostgreSQL cannot store NUL.
 */
import { Schema, SchemaGetter } from "effect"

export const MAX_NAME_LENGTH = 100

const isName = Schema.makeFilter<string>((name) => {
  const length = [...name].length
  if (length === 0) return "must not be empty"
  if (length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`
  return /\p{Cc}/u.test(name) ? "must not contain control characters" : undefined
})

export const PersonName = Schema.String.pipe(
  Schema.decodeTo(Schema.String.pipe(Schema.check(isName), Schema.brand("PersonName")), {
    decode: SchemaGetter.transform((input: string) => input.trim()),
    encode: SchemaGetter.passthrough()
  })
)
export type PersonName = typeof PersonName.Type

/**
 * R2: emails are compared case-insensitively and stored lower-case, so the
 * input is trimmed and folded before it is checked. The shape check is loose
 * on purpose (`local@domain.tld`): only a confirmation mail proves an address.
 */
import { Schema, SchemaGetter } from "effect"

export const MAX_EMAIL_LENGTH = 254

const isEmail = Schema.makeFilter<string>((email) => {
  if (!/^[^\s@\p{Cc}]+@[^\s@.\p{Cc}]+(\.[^\s@.\p{Cc}]+)+$/u.test(email)) return "must be an email address (local@domain)"
  return [...email].length <= MAX_EMAIL_LENGTH ? undefined : `must be at most ${MAX_EMAIL_LENGTH} characters`
})

const Canonical = Schema.String.pipe(Schema.check(isEmail), Schema.brand("Email"))

export const Email = Schema.String.pipe(
  Schema.decodeTo(Canonical, {
    decode: SchemaGetter.transform((input: string) => input.trim().toLowerCase()),
    encode: SchemaGetter.passthrough()
  })
)
export type Email = typeof Email.Type

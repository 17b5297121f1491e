/** R45: the phone a member called, in E.164 form: `+` and 8–15 digits. */
import { Schema, SchemaGetter } from "effect"

const Canonical = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^\+[0-9]{8,15}$/, { message: "must be an E.164 phone number (+ and 8 to 15 digits)" })),
  Schema.brand("PhoneNumber")
)

export const PhoneNumber = Schema.String.pipe(
  Schema.decodeTo(Canonical, {
    decode: SchemaGetter.transform((input: string) => input.trim()),
    encode: SchemaGetter.passthrough()
  })
)
export type PhoneNumber = typeof PhoneNumber.Type

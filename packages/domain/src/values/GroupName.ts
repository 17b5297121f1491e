/**
 * R18, R17: a group's name, trimmed, 1–100 characters (code points) after
 * trimming, without control characters (as a person's name).
 */
import { Schema, SchemaGetter } from "effect"

export const MAX_GROUP_NAME_LENGTH = 100

const isGroupName = Schema.makeFilter<string>((name) => {
  const length = [...name].length
  if (length === 0) return "must not be empty"
  if (length > MAX_GROUP_NAME_LENGTH) return `must be at most ${MAX_GROUP_NAME_LENGTH} characters`
  return /\p{Cc}/u.test(name) ? "must not contain control characters" : undefined
})

export const GroupName = Schema.String.pipe(
  Schema.decodeTo(Schema.String.pipe(Schema.check(isGroupName), Schema.brand("GroupName")), {
    decode: SchemaGetter.transform((input: string) => input.trim()),
    encode: SchemaGetter.passthrough()
  })
)
export type GroupName = typeof GroupName.Type

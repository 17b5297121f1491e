/**
 * R2: a password as typed, plain text that must never be logged or stored
 * (only its hash is). Length counts code points, so an emoji is one character;
 * nothing is trimmed or truncated; no composition rules, but the shipped list
 * of common passwords is refused whatever the case.
 */
import { Schema } from "effect"
import { commonPasswords } from "./commonPasswords.js"

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

const isAcceptable = Schema.makeFilter<string>((password) => {
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`
  return commonPasswords.has(password.toLowerCase()) ? "is too common" : undefined
})

export const Password = Schema.String.pipe(Schema.check(isAcceptable), Schema.brand("Password"))
export type Password = typeof Password.Type

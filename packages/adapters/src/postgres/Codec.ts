/**
 * Column values to and from domain values, the same for both drivers. Times
 * travel as ISO strings in UTC with milliseconds, which is exactly what a
 * `DateTime.Utc` holds, so a time reads back equal to what was written.
 * int8 arrives as a string (`pg`) or a number (PGlite); a value beyond 2^53
 * could not be the domain's (money is a safe integer, R40), so it is a defect
 * rather than a silently rounded number.
 */
import { hash } from "node:crypto"
import { DateTime } from "effect"

export const toTimestamp = (time: DateTime.Utc): string => DateTime.formatIso(time)

export const toNullableTimestamp = (time: DateTime.Utc | null): string | null =>
  time === null ? null : toTimestamp(time)

export const fromTimestamp = (value: Date | string): DateTime.Utc => DateTime.makeUnsafe(value)

export const fromNullableTimestamp = (value: Date | string | null): DateTime.Utc | null =>
  value === null ? null : fromTimestamp(value)

export const fromInt8 = (value: string | number | bigint): number => {
  const n = typeof value === "number" ? value : Number(value)
  if (!Number.isSafeInteger(n)) throw new Error(`postgres: int8 value ${String(value)} is not a safe integer`)
  return n
}

export const toJson = (value: unknown): string => JSON.stringify(value)

export const toNullableJson = (value: unknown): string | null => (value === null ? null : toJson(value))

/**
 * Folds an email or a TrueConf ID into its unique key, as the memory store
 * does (JavaScript's folding, not the database locale's).
 */
export const foldKey = (value: string): string => value.toLowerCase()

/** Secrets kept only as their SHA-256 (idempotency keys, throttle keys). */
export const sha256 = (text: string): string => hash("sha256", text, "hex")

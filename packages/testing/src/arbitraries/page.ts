/**
 * R16, API.md §5 *Lists*: a list is read a page at a time; `limit` is a whole
 * number 1–200 (default 50) that arrives from a query string, so a numeric
 * string is as good as a number; anything else is `validation-failed` on
 * `limit`. The cursor is opaque: only one the server made decodes, and a
 * malformed one is a validation failure too.
 */
import { decodeCursor, MAX_LIMIT } from "@corporate-groups/domain"
import { Option } from "effect"
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"

/** A valid `limit`: 1–200 as a number or a numeric string (leading zeros included). */
export const limit = (): fc.Arbitrary<number | string> => {
  const n = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: MAX_LIMIT }) }, { weight: 1, arbitrary: fc.constantFrom(1, MAX_LIMIT) })
  return fc.oneof(
    { weight: 3, arbitrary: n },
    { weight: 3, arbitrary: n.map(String) },
    { weight: 1, arbitrary: n.map((value) => String(value).padStart(4, "0")) }
  )
}

export interface PageRequestBody {
  readonly limit?: number | string
}

/** A first-page request: `limit` sometimes absent (default 50), never a cursor. */
export const pageRequest = (): fc.Arbitrary<PageRequestBody> => fc.record({ limit: limit() }, { requiredKeys: [] })

/** Limits the domain refuses, each reported on `limit`: out of range, fractions, non-numeric strings, other types (not null: a list reads it as absent). */
export const invalidLimit = ({ field = "limit" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof(
      fc.constantFrom(0, -1, MAX_LIMIT + 1, 1.5, "0", String(MAX_LIMIT + 1), "1.5", "-1", "+5", "1e2", "0x10", " 5", "5 ", "", "ten", "NaN"),
      fc.integer({ min: MAX_LIMIT + 1, max: 1_000_000 }).chain((n) => fc.constantFrom<number | string>(n, String(n))),
      wrongType("number", { withNull: false }).filter((value) => typeof value !== "string")
    )
  )

/** Cursors the server never made (no arity 1–4 decodes them): each a validation failure. */
export const malformedCursor = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom("", "!", "abc", "null", "W10", "WyJhIl0=", "eyJhIjoiYiJ9", "WyJhIiwxXQ"),
    fc.string({ maxLength: 40 })
  ).filter((cursor) => [1, 2, 3, 4].every((arity) => Option.isNone(decodeCursor(cursor, arity))))

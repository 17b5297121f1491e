/**
 * R18, R43: a group has 1–10,000 paid seats, a whole number sent as a JSON
 * number. Model tests want few seats so that "group full" happens often:
 * `smallSeats` draws 1–5.
 */
import { MAX_SEATS } from "@corporate-groups/domain"
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"

/** 1–10,000 seats, the boundaries often. */
export const seats = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 50 }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: MAX_SEATS }) },
    { weight: 1, arbitrary: fc.constantFrom(1, 2, MAX_SEATS - 1, MAX_SEATS) }
  )

/** 1–5 seats, for model tests where groups fill up. */
export const smallSeats = ({ max = 5 }: { readonly max?: number } = {}): fc.Arbitrary<number> => fc.integer({ min: 1, max })

/** Seat counts the domain refuses, each reported on `seats`: 0, negative, 10,001 and more, fractions, numeric strings, other types. */
export const invalidSeats = ({ field = "seats" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof(
      fc.constantFrom(0, -1, MAX_SEATS + 1, 1.5, 9999.5, "3", "10", Number.MAX_SAFE_INTEGER + 1),
      fc.integer({ min: MAX_SEATS + 1, max: 1_000_000 }),
      fc.integer({ min: -1_000_000, max: 0 }),
      fc.double({ min: 1, max: MAX_SEATS, noNaN: true }).filter((n) => !Number.isInteger(n)),
      wrongType("number")
    )
  )

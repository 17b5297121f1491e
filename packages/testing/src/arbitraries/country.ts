/**
 * R2, API.md §5: a country is an assigned ISO 3166-1 alpha-2 code, typed in
 * any case and kept upper-case. Valid codes come from the domain's own
 * `COUNTRY_CODES`; invalid ones are unassigned or reserved pairs of letters
 * (`XX`, `ZZ`, `XK`, `UK`, `EU`…), which look exactly like real codes, and
 * strings of the wrong shape.
 */
import { COUNTRY_CODES } from "@corporate-groups/domain"
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { once, padded, randomCase } from "./text.js"

const LETTERS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"]

/** An assigned country code in random case, sometimes with spaces around. */
export const country = once((): fc.Arbitrary<string> => padded(randomCase(fc.constantFrom(...COUNTRY_CODES))))

/** Two letters that are no assigned country, in random case. */
export const unassignedCountryCode = (): fc.Arbitrary<string> =>
  randomCase(
    fc.oneof(
      fc.constantFrom("XX", "ZZ", "XK", "AA", "QM", "UK", "EU", "EZ", "UN", "OO"),
      fc.tuple(fc.constantFrom(...LETTERS), fc.constantFrom(...LETTERS)).map(([a, b]) => a + b)
    ).filter((code) => !COUNTRY_CODES.has(code))
  )

/** Country codes the domain refuses, each reported on `country`. */
export const invalidCountry = ({ field = "country" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof(
      { weight: 4, arbitrary: unassignedCountryCode() },
      { weight: 2, arbitrary: fc.constantFrom("", " ", "F", "FRA", "RUS", "F1", "12", "F R", "FR-", "ÉS", "Россия") },
      { weight: 1, arbitrary: wrongType("string") }
    )
  )

/**
 * R2, API.md §5: the interface language is an assigned ISO 639-1 code, any
 * case on input, kept lower-case, `en` when absent. Valid codes come from the
 * domain's own `LANGUAGE_CODES`; invalid ones are unassigned or withdrawn
 * pairs (`sh`, `bh`, `xx`…), ISO 639-2/3 codes and BCP 47 tags, which a
 * client could plausibly send.
 */
import { LANGUAGE_CODES } from "@corporate-groups/domain"
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { once, padded, randomCase } from "./text.js"

const LETTERS = [..."abcdefghijklmnopqrstuvwxyz"]

/** An assigned language code in random case, sometimes with spaces around. */
export const language = once((): fc.Arbitrary<string> => padded(randomCase(fc.constantFrom(...LANGUAGE_CODES))))

/** Two letters that are no assigned ISO 639-1 code, in random case. */
export const unassignedLanguageCode = (): fc.Arbitrary<string> =>
  randomCase(
    fc.oneof(
      fc.constantFrom("sh", "bh", "xx", "qq", "zz", "jp", "cz", "dk", "gr", "ua"),
      fc.tuple(fc.constantFrom(...LETTERS), fc.constantFrom(...LETTERS)).map(([a, b]) => a + b)
    ).filter((code) => !LANGUAGE_CODES.has(code))
  )

/** Language codes the domain refuses, each reported on `language`. */
export const invalidLanguage = ({ field = "language" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof(
      { weight: 4, arbitrary: unassignedLanguageCode() },
      { weight: 2, arbitrary: fc.constantFrom("", " ", "e", "eng", "rus", "en-US", "en_GB", "zh-Hans", "e1", "русский") },
      { weight: 1, arbitrary: wrongType("string", { withNull: false }) }
    )
  )

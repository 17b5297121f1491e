/**
 * R2, R18: person and group names share one rule: 1–100 characters (code
 * points) after trimming, a letter or digit, no control characters, lone
 * surrogates or bidirectional overrides. This builds such text from
 * a set of "inner" characters: it starts and ends with a letter (so trimming
 * leaves it whole and its length is exactly what was drawn), and its invalid
 * counterparts: empty, only whitespace, one character too many, a control
 * character inside.
 */
import fc from "fast-check"
import { codePointIn, padded, TRIMMED_WHITESPACE, unicodeLetter, whitespace } from "./text.js"

/** Text of `minLength`–`maxLength` code points, starting and ending with a letter, `inner` between. */
export const textOfLength = (
  inner: fc.Arbitrary<string>,
  minLength: number,
  maxLength: number,
  size?: fc.SizeForArbitrary
): fc.Arbitrary<string> =>
  fc.array(inner, { minLength: Math.max(0, minLength - 2), maxLength: Math.max(0, maxLength - 2), ...(size === undefined ? {} : { size }) })
    .chain((middle) =>
      fc.tuple(unicodeLetter(), unicodeLetter(), fc.boolean()).map(([first, last, single]) =>
        maxLength === 1 || (middle.length === 0 && minLength <= 1 && single) ? first : first + middle.join("") + last
      )
    )

/** A valid name of 1–`max` code points after trimming, boundaries included, sometimes padded. */
export const displayText = (inner: fc.Arbitrary<string>, max: number): fc.Arbitrary<string> =>
  padded(
    fc.oneof(
      { weight: 8, arbitrary: textOfLength(inner, 1, 30) },
      { weight: 1, arbitrary: textOfLength(inner, 1, max, "max") },
      { weight: 1, arbitrary: textOfLength(inner, 1, 1) },
      { weight: 1, arbitrary: textOfLength(inner, max, max) }
    )
  )

/** A C0 or C1 control character, or DEL. */
const controlChar = (): fc.Arbitrary<string> => fc.oneof(codePointIn(0x00, 0x1f), codePointIn(0x7f, 0x9f))

/** Text refused by the name rule: empty, whitespace only, `max + 1` or more code points, a control character inside. */
export const invalidDisplayText = (inner: fc.Arbitrary<string>, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(""),
    fc.string({ unit: fc.constantFrom(...TRIMMED_WHITESPACE), minLength: 1, maxLength: 6 }),
    fc.tuple(whitespace(), textOfLength(inner, max + 1, max + 20), whitespace()).map(([a, text, b]) => a + text + b),
    fc.tuple(textOfLength(inner, 1, 10), controlChar(), textOfLength(inner, 1, 10)).map(([a, bad, b]) => a + bad + b),
    // Nothing visible: only format characters (zero-width space, joiners).
    fc.string({ unit: fc.constantFrom("\u200b", "\u200c", "\u200d", "\u2060"), minLength: 1, maxLength: 4 }),
    // A bidirectional override or a lone surrogate inside.
    fc.tuple(textOfLength(inner, 1, 10), fc.constantFrom("\u202e", "\u2066", "\ud800", "\udfff"), textOfLength(inner, 1, 10))
      .map(([a, bad, b]) => a + bad + b)
  )

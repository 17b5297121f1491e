/**
 * Character building blocks shared by the value arbitraries. Names and
 * passwords must be tested with what real people type (Cyrillic, CJK, accents,
 * astral characters that take two UTF-16 units), and case-insensitive fields
 * with every mix of case; but a case change must never change a string's
 * length in code points, or a length rule would silently stop holding.
 */
import fc from "fast-check"

/** One code point drawn from `[min, max]`. */
export const codePointIn = (min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min, max }).map((codePoint) => String.fromCodePoint(codePoint))

/** A Unicode letter (`\p{L}`) from several scripts, astral ones included. */
export const unicodeLetter = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: codePointIn(0x61, 0x7a) }, // a-z
    { weight: 2, arbitrary: codePointIn(0x41, 0x5a) }, // A-Z
    { weight: 2, arbitrary: codePointIn(0xe0, 0xf6) }, // à-ö
    { weight: 3, arbitrary: codePointIn(0x430, 0x44f) }, // а-я
    { weight: 1, arbitrary: codePointIn(0x410, 0x42f) }, // А-Я
    { weight: 1, arbitrary: codePointIn(0x3b1, 0x3c9) }, // α-ω
    { weight: 1, arbitrary: codePointIn(0x5d0, 0x5ea) }, // Hebrew
    { weight: 1, arbitrary: codePointIn(0x4e00, 0x9fa5) }, // CJK
    { weight: 1, arbitrary: codePointIn(0x20000, 0x2a6d6) }, // CJK extension B (astral)
    { weight: 1, arbitrary: codePointIn(0x1d4d0, 0x1d4e9) } // 𝓐-𝓩 (astral)
  )

/** An emoji outside the BMP (two UTF-16 units, one code point). */
export const astralSymbol = (): fc.Arbitrary<string> => codePointIn(0x1f300, 0x1f64f)

/** Whitespace `String.prototype.trim` removes: what the domain trims off a field. */
export const TRIMMED_WHITESPACE: ReadonlyArray<string> = [" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\ufeff"]

/** 0–`maxLength` characters of trimmable whitespace. */
export const whitespace = (maxLength = 3): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...TRIMMED_WHITESPACE), maxLength })

/** `text` with trimmable whitespace around it sometimes (most often none). */
export const padded = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 1, arbitrary: fc.tuple(whitespace(), text, whitespace()).map(([before, core, after]) => before + core + after) }
  )

/**
 * The other case of a character when it has a one-to-one other case (so
 * `ß`, `İ` and friends stay as they are: their case mapping changes the length).
 */
export const toggleCase = (char: string): string => {
  const upper = char.toUpperCase()
  if (upper !== char) return [...upper].length === 1 && upper.toLowerCase() === char ? upper : char
  const lower = char.toLowerCase()
  return lower !== char && [...lower].length === 1 && lower.toUpperCase() === char ? lower : char
}

/** `text` with the case of its characters shuffled; its length in code points never changes. */
export const randomCase = (text: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.mixedCase(text, { toggleCase })

/**
 * `make`, run once: arbitraries are immutable, so one instance can serve every
 * caller, and some (`fc.stringMatching`) are costly to build, which matters
 * when arbitraries are built inside `chain`.
 */
export const once = <A>(make: () => A): (() => A) => {
  let made: { readonly value: A } | undefined
  return () => (made ??= { value: make() }).value
}

/** `fc.stringMatching(regex)`, built once per pattern. */
export const matching = (() => {
  const cache = new Map<string, fc.Arbitrary<string>>()
  return (regex: RegExp): fc.Arbitrary<string> => {
    const key = regex.toString()
    let arbitrary = cache.get(key)
    if (arbitrary === undefined) {
      arbitrary = fc.stringMatching(regex)
      cache.set(key, arbitrary)
    }
    return arbitrary
  }
})()

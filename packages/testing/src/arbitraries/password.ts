/**
 * R2, API.md §5: a password is 12–128 characters counted in code points (an
 * emoji is one), no composition rules, never trimmed or truncated, refused
 * when it is on the shipped common list whatever its case. Valid passwords mix
 * ASCII, accented and Cyrillic letters, CJK and astral emoji, and reach both
 * length boundaries; the invalid ones sit just outside them or are common
 * passwords in random case.
 */
import { commonPasswords, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@corporate-groups/domain"
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { astralSymbol, codePointIn, randomCase, unicodeLetter } from "./text.js"

/** One character of a password: mostly printable ASCII (space included), some non-ASCII and astral. */
const passwordChar = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: codePointIn(0x20, 0x7e) },
    { weight: 2, arbitrary: unicodeLetter() },
    { weight: 1, arbitrary: codePointIn(0xa1, 0xff) },
    { weight: 1, arbitrary: astralSymbol() }
  )

/** Exactly `min`–`max` code points. */
const passwordOfLength = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(passwordChar(), { minLength: min, maxLength: max }).map((chars) => chars.join(""))

/** True when the domain's common list holds `password` (the check ignores case). */
export const isCommonPassword = (password: string): boolean => commonPasswords.has(password.toLowerCase())

/** A valid password: 12–128 code points, the boundaries included, never a common one. */
export const password = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: passwordOfLength(MIN_PASSWORD_LENGTH, 40) },
    { weight: 1, arbitrary: passwordOfLength(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH) },
    { weight: 1, arbitrary: passwordOfLength(MIN_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH) },
    { weight: 1, arbitrary: passwordOfLength(MAX_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH) }
  ).filter((candidate) => !isCommonPassword(candidate))

/** A password of the shipped common list, in random case: long enough, yet refused. */
export const commonPassword = (): fc.Arbitrary<string> => randomCase(fc.constantFrom(...commonPasswords))

/**
 * Passwords the domain refuses, each reported on `password`: fewer than 12
 * code points (11 emoji included: 22 UTF-16 units, still too short), more
 * than 128, a common one in any case, or not a string.
 */
export const invalidPassword = ({ field = "password" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof(
      passwordOfLength(0, MIN_PASSWORD_LENGTH - 1),
      fc.array(astralSymbol(), { minLength: MIN_PASSWORD_LENGTH - 1, maxLength: MIN_PASSWORD_LENGTH - 1 }).map((chars) => chars.join("")),
      passwordOfLength(MAX_PASSWORD_LENGTH + 1, MAX_PASSWORD_LENGTH + 40),
      commonPassword(),
      wrongType("string")
    )
  )

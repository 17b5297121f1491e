/**
 * R45, API.md §5: the phone a member called is written E.164: `+` and 8–15
 * digits (the first never 0: country codes do not start with it), spaces
 * around trimmed. Everything people write around a number (spaces, dashes,
 * brackets, `00` instead of `+`) is refused, on `phoneNumber`.
 */
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { matching, padded } from "./text.js"

const digits = (min: number, max: number): fc.Arbitrary<string> => matching(new RegExp(`^[0-9]{${min},${max}}$`))

/** `+` and `min`–`max` digits, the first 1–9. */
const e164 = (min: number, max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(..."123456789"), digits(min - 1, max - 1)).map(([first, rest]) => `+${first}${rest}`)

/** A valid E.164 number, 8–15 digits, sometimes with spaces around. */
export const phoneNumber = (): fc.Arbitrary<string> =>
  padded(fc.oneof({ weight: 4, arbitrary: e164(8, 15) }, { weight: 1, arbitrary: fc.constantFrom(8, 15).chain((n) => e164(n, n)) }))

/** Phone numbers the domain refuses, each reported on `phoneNumber`. */
export const invalidPhoneNumber = ({ field = "phoneNumber" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof(
      e164(1, 7),
      e164(16, 20),
      digits(8, 15),
      e164(8, 15).map((number) => `00${number.slice(1)}`),
      fc.tuple(e164(10, 12), fc.constantFrom(" ", "-", "(", ")", ".", "/")).map(([number, sep]) => `${number.slice(0, 3)}${sep}${number.slice(3)}`),
      e164(8, 12).map((number) => `${number}CALL`),
      fc.constantFrom("", "+", "+ 1 555 0100", "+1 (555) 010-0199", "tel:+15550100199", "++15550100199"),
      wrongType("string")
    )
  )

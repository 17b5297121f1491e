/**
 * R2, API.md §5: an email is `local@domain` with a dot in the domain, at most
 * 254 characters, compared case-insensitively (stored lower-case, trimmed).
 * Inputs come in mixed case, with Unicode in the local part and sometimes
 * spaces around; lengths reach the 254 boundary. An email is unique among all
 * accounts, so tests need many distinct ones: `uniqueEmails` and the
 * index-suffixed `emailFor` make them easy.
 */
import { MAX_EMAIL_LENGTH } from "@corporate-groups/domain"
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { astralSymbol, matching, once, padded, randomCase } from "./text.js"
import { suffixOf, type UniqueKey } from "./trueconfId.js"

const ALNUM = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"]
const LOCAL_SYMBOLS = [..."._%-!#$&'*/=?^`{|}~"]
const LOCAL_UNICODE = ["\u00fc", "\u00e9", "\u0436", "\u044f", "\u540d"]

/** A local part without `+` (so `emailFor` can own the text after its `+`). */
const localPart = once((): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...ALNUM) },
      { weight: 2, arbitrary: fc.constantFrom(...LOCAL_SYMBOLS) },
      { weight: 1, arbitrary: fc.constantFrom(...LOCAL_UNICODE) },
      { weight: 1, arbitrary: astralSymbol() }
    ),
    minLength: 1,
    maxLength: 24
  })
)

const label = (): fc.Arbitrary<string> => matching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?$/)

/** A domain with at least one dot, mixed case. */
const domain = once((): fc.Arbitrary<string> =>
  fc.tuple(fc.array(label(), { minLength: 1, maxLength: 3 }), matching(/^[a-zA-Z]{2,10}$/))
    .map(([labels, tld]) => [...labels, tld].join("."))
)

/**
 * An email of exactly `length` code points (at least 70), in labels of at
 * most 63 and a local part of at most 64, as RFC 5321 has them.
 */
const emailOfLength = (length: number): fc.Arbitrary<string> => {
  const local = Math.min(64, length - 5)
  const labels: Array<number> = []
  let rest = length - local - 1 - 4 // "@" and ".com"
  while (rest > 0) {
    const take = rest <= 63 ? rest : Math.min(63, rest - 2)
    labels.push(take)
    rest -= rest <= 63 ? rest : take + 1
  }
  const text = "x".repeat(local) + "@" + labels.map((size) => "d".repeat(size)).join(".") + ".com"
  return randomCase(fc.constant(text))
}

/** A valid email as typed: mixed case, sometimes Unicode in the local part or spaces around. */
export const email = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 10, arbitrary: padded(fc.tuple(localPart(), fc.option(fc.constantFrom(...ALNUM), { nil: "" }), domain()).map(([local, plus, host]) => plus === "" ? `${local}@${host}` : `${local}+${plus}@${host}`)) },
    { weight: 1, arbitrary: fc.oneof(fc.constant(MAX_EMAIL_LENGTH), fc.integer({ min: 240, max: MAX_EMAIL_LENGTH })).chain(emailOfLength) }
  )

/** The stored form of a typed email: trimmed, lower-case. */
export const canonicalEmail = (typed: string): string => typed.trim().toLowerCase()

/**
 * A valid email whose local part ends with `+<key>`: distinct keys always give
 * distinct emails (the part after the last `+` is the key).
 */
export const emailFor = (key: UniqueKey): fc.Arbitrary<string> => {
  const suffix = suffixOf(key)
  return padded(fc.tuple(localPart(), domain()).map(([local, host]) => `${local}+${suffix}@${host}`))
}

/** Distinct emails (distinct once stored: case and surrounding spaces do not count). */
export const uniqueEmails = (
  { minLength = 0, maxLength = 10 }: { readonly minLength?: number; readonly maxLength?: number } = {}
): fc.Arbitrary<Array<string>> => fc.uniqueArray(email(), { minLength, maxLength, selector: canonicalEmail })

/**
 * Emails the domain refuses, each reported on `email`: no dot in the domain,
 * no `@` or two, an empty part or label, whitespace or a control character
 * inside, more than 254 characters, blank, or not a string.
 */
export const invalidEmail = ({ field = "email" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(
    field,
    fc.oneof(
      fc.tuple(localPart(), label()).map(([local, host]) => `${local}@${host}`),
      fc.tuple(localPart(), domain()).map(([local, host]) => `${local}${host}`),
      fc.tuple(localPart(), localPart(), domain()).map(([a, b, host]) => `${a}@${b}@${host}`),
      domain().map((host) => `@${host}`),
      localPart().map((local) => `${local}@`),
      fc.tuple(localPart(), domain(), fc.constantFrom("..", ".")).map(([local, host, dots]) => `${local}@${dots === "." ? "." + host : host.replace(".", "..")}`),
      fc.tuple(localPart(), domain()).map(([local, host]) => `${local}@${host}.`),
      fc.tuple(localPart(), fc.constantFrom(" ", "\t", "\u00a0", "\u0001", "\u007f"), localPart(), domain())
        .map(([a, bad, b, host]) => `${a}${bad}${b}@${host}`),
      fc.tuple(localPart(), label(), domain()).map(([local, part, host]) => `${local}@${part} ${host}`),
      fc.integer({ min: MAX_EMAIL_LENGTH + 1, max: MAX_EMAIL_LENGTH + 40 }).chain(emailOfLength),
      fc.constantFrom("", "   ", "@", "plainaddress"),
      wrongType("string")
    )
  )

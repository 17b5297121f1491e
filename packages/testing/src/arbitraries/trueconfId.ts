/**
 * R2, R5: a TrueConf ID is `login@<service domain>`; a bare login gets the
 * domain appended, another domain is refused, the login is 2–64 of
 * `a-z 0-9 . _ -` starting with a letter or digit, and the whole is compared
 * case-insensitively. Inputs come in every accepted form (bare or full, any
 * case, spaces around); the service domain is configuration, so it is a
 * parameter here too. Registration tests need many distinct users: `uniqueTrueconfIds`
 * and the index-suffixed `trueconfIdFor` make distinct ones easy.
 */
import { DEFAULT_SERVICE_DOMAIN, normalizeLogin } from "@corporate-groups/domain"
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { matching, padded, randomCase, unicodeLetter } from "./text.js"

export const LOGIN_MIN_LENGTH = 2
export const LOGIN_MAX_LENGTH = 64

const FIRST = [..."abcdefghijklmnopqrstuvwxyz0123456789"]
const REST = [...FIRST, ".", "_", "-"]

/** `1 + rest` characters of a login, lower-case: a first letter or digit, then any login character. */
const loginOf = (minRest: number, maxRest: number): fc.Arbitrary<string> =>
  fc.tuple(
    fc.constantFrom(...FIRST),
    fc.oneof(
      { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...REST), minLength: minRest, maxLength: Math.min(maxRest, minRest + 12) }) },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...REST), minLength: minRest, maxLength: maxRest, size: "max" }) }
    )
  ).map(([first, rest]) => first + rest)

/** A valid login, lower-case: 2–64 of `a-z 0-9 . _ -`, starting with a letter or digit. */
export const login = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: loginOf(LOGIN_MIN_LENGTH - 1, LOGIN_MAX_LENGTH - 1) },
    { weight: 1, arbitrary: loginOf(LOGIN_MAX_LENGTH - 1, LOGIN_MAX_LENGTH - 1) }
  )

export interface TrueconfIdOptions {
  /** The configured service domain; default `t.trueconf.com`. */
  readonly serviceDomain?: string
}

/** Some accepted spelling of `canonicalLogin` (lower-case): bare or full, in mixed case, maybe padded. */
const spellingOf = (canonicalLogin: fc.Arbitrary<string>, serviceDomain: string): fc.Arbitrary<string> =>
  padded(randomCase(fc.oneof(canonicalLogin, canonicalLogin.map((name) => `${name}@${serviceDomain.toLowerCase()}`))))

/**
 * A TrueConf ID as a user types it: a bare login or `login@<serviceDomain>`,
 * in mixed case, sometimes with spaces around. `trueconfIdSchema(serviceDomain)` accepts it.
 */
export const trueconfId = ({ serviceDomain = DEFAULT_SERVICE_DOMAIN }: TrueconfIdOptions = {}): fc.Arbitrary<string> =>
  spellingOf(login(), serviceDomain)

/** The stored form of a typed TrueConf ID: trimmed, lower-case, on the service domain. */
export const canonicalTrueconfId = (typed: string, serviceDomain: string = DEFAULT_SERVICE_DOMAIN): string =>
  normalizeLogin(typed, serviceDomain).value

/** Keys of the `…For` arbitraries: a number or lower-case letters and digits. */
export type UniqueKey = number | string

/** Checks a key of an index-suffixed arbitrary; the result never contains a separator. */
export const suffixOf = (key: UniqueKey): string => {
  const suffix = String(key)
  if (!/^[a-z0-9]+$/.test(suffix)) throw new Error(`a unique key is a whole number or [a-z0-9]+, got ${JSON.stringify(suffix)}`)
  return suffix
}

/**
 * A TrueConf ID whose login ends with `-<key>`: distinct keys always give
 * distinct IDs (the part after the last `-` is the key), whatever else is drawn.
 */
export const trueconfIdFor = (key: UniqueKey, { serviceDomain = DEFAULT_SERVICE_DOMAIN }: TrueconfIdOptions = {}): fc.Arbitrary<string> => {
  const suffix = `-${suffixOf(key)}`
  if (suffix.length > LOGIN_MAX_LENGTH - 1) throw new Error("the key is too long for a login")
  return spellingOf(loginOf(0, LOGIN_MAX_LENGTH - 1 - suffix.length).map((base) => base + suffix), serviceDomain)
}

/** Distinct TrueConf IDs (distinct once stored: case and form do not count). */
export const uniqueTrueconfIds = (
  { minLength = 0, maxLength = 10, serviceDomain = DEFAULT_SERVICE_DOMAIN }: TrueconfIdOptions & {
    readonly minLength?: number
    readonly maxLength?: number
  } = {}
): fc.Arbitrary<Array<string>> =>
  fc.uniqueArray(trueconfId({ serviceDomain }), {
    minLength,
    maxLength,
    selector: (typed) => canonicalTrueconfId(typed, serviceDomain)
  })

/** A domain other than `serviceDomain` (its look-alikes included). */
const otherDomain = (serviceDomain: string): fc.Arbitrary<string> => {
  const domain = serviceDomain.toLowerCase()
  return fc.oneof(
    fc.constantFrom("example.com", "trueconf.com", `sub.${domain}`, `${domain}.evil.org`, domain.slice(0, -1), "gmail.com"),
    matching(/^[a-z0-9]{1,10}\.[a-z]{2,6}$/)
  ).filter((other) => other !== domain)
}

/** Characters that have no place in a login (Unicode letters included; upper case is folded, so not here). */
const BAD_CHARS = [..." !#$%&*+/=?^`{|}~,;:()<>[]\\\"'", "\u00e9", "\u0436", "\u00a0", "\u0000"]

/**
 * TrueConf IDs the domain refuses, each reported on `trueconfId`: a login too
 * short or too long, one starting with `.`, `_` or `-`, one with a character
 * outside `a-z 0-9 . _ -`, another domain, nothing at all, or not a string.
 */
export const invalidTrueconfId = (
  { field = "trueconfId", serviceDomain = DEFAULT_SERVICE_DOMAIN }: InvalidOptions & TrueconfIdOptions = {}
): fc.Arbitrary<InvalidValue> => {
  const domain = serviceDomain.toLowerCase()
  const full = (loginArb: fc.Arbitrary<string>) => fc.oneof(loginArb, loginArb.map((name) => `${name}@${domain}`))
  return invalidAt(
    field,
    fc.oneof(
      full(fc.constantFrom(...FIRST)), // one character
      full(loginOf(LOGIN_MAX_LENGTH, LOGIN_MAX_LENGTH + 20)), // 65 or more
      full(fc.tuple(fc.constantFrom(".", "_", "-"), loginOf(1, 20)).map(([first, rest]) => first + rest)),
      full(
        fc.tuple(loginOf(1, 10), fc.oneof(fc.constantFrom(...BAD_CHARS), unicodeLetter().filter((c) => !/^[a-zA-Z]$/.test(c))), loginOf(0, 10))
          .map(([before, bad, after]) => before + bad + after)
      ),
      fc.tuple(login(), otherDomain(domain)).map(([name, other]) => `${name}@${other}`),
      login().map((name) => `${name}@`),
      fc.constantFrom("", "   ", "@", `@${domain}`),
      wrongType("string")
    )
  )
}

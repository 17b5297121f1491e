/**
 * R40: money is `{ amount, currency }`, an integer number of minor units and
 * an ISO 4217 code (three upper-case letters), never floating point. Amounts
 * reach `Number.MAX_SAFE_INTEGER`, the largest exact integer; fractions,
 * numeric strings, lower-case currencies and missing parts are refused, each
 * on its own dotted field (`amount.amount`, `amount.currency`).
 */
import fc from "fast-check"
import { MAX_TOP_UP } from "@corporate-groups/domain"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"
import { matching } from "./text.js"

export interface MoneyBody {
  readonly amount: number
  readonly currency: string
}

/** A currency code: mostly common ones, sometimes any three upper-case letters. */
export const currency = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("EUR", "USD", "RUB", "GBP", "JPY", "CHF", "KZT") },
    { weight: 1, arbitrary: matching(/^[A-Z]{3}$/) }
  )

export interface MoneyOptions {
  /** The currency, or an arbitrary of them; default `currency()`. */
  readonly currency?: string | fc.Arbitrary<string>
  /** The least amount in minor units; default 0 (1 for `positiveMoney`). */
  readonly min?: number
  /** The largest amount; default `Number.MAX_SAFE_INTEGER`. */
  readonly max?: number
}

/** A safe integer in `[min, max]` (fc.integer stops at 32 bits). */
const wholeIn = (min: number, max: number): fc.Arbitrary<number> =>
  fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number)

/** Whole minor units in `[min, max]`: mostly everyday amounts, sometimes huge, the bounds often. */
export const minorUnits = ({ min = 0, max = Number.MAX_SAFE_INTEGER }: { readonly min?: number; readonly max?: number } = {}): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: wholeIn(min, Math.min(max, min + 1_000_000)) },
    { weight: 2, arbitrary: wholeIn(min, max) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) }
  )

const currencyOf = (option: string | fc.Arbitrary<string> | undefined): fc.Arbitrary<string> =>
  option === undefined ? currency() : typeof option === "string" ? fc.constant(option) : option

/** `{ amount, currency }` as the domain's `Money` decodes it. */
export const money = ({ currency: which, max, min }: MoneyOptions = {}): fc.Arbitrary<MoneyBody> =>
  fc.record({
    amount: minorUnits({ ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) }),
    currency: currencyOf(which)
  })

/** At least one minor unit and at most `MAX_TOP_UP`, as a top-up requires (`PositiveMoney`). */
export const positiveMoney = (options: MoneyOptions = {}): fc.Arbitrary<MoneyBody> =>
  money({ ...options, min: Math.max(1, options.min ?? 1), max: Math.min(MAX_TOP_UP, options.max ?? MAX_TOP_UP) })

/** Amounts the domain refuses (the least allowed is `min`): below it, fractions, past MAX_SAFE_INTEGER, strings, other types. */
export const invalidMinorUnits = ({ min = 0 }: { readonly min?: number } = {}): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: -1_000_000, max: min - 1 }),
    fc.constantFrom(min - 1, 1.5, 0.01, 99.99, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, "100", "1"),
    wrongType("number")
  )

/** Currencies the domain refuses: lower or mixed case, wrong length, digits, other types. */
export const invalidCurrency = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom("usd", "Eur", "US", "EURO", "", "E1R", "978", " USD", "РУБ"),
    wrongType("string")
  )

/**
 * Money bodies the domain refuses, each naming its field: `<field>.amount` or
 * `<field>.currency` for a bad or missing part, `<field>` itself when it is no
 * object. `positive` makes 0 invalid too (a top-up).
 */
export const invalidMoney = (
  { field = "amount", positive = false }: InvalidOptions & { readonly positive?: boolean } = {}
): fc.Arbitrary<InvalidValue> => {
  const min = positive ? 1 : 0
  const amounts = positive ? fc.oneof(invalidMinorUnits({ min }), fc.constant(MAX_TOP_UP + 1)) : invalidMinorUnits({ min })
  return fc.oneof(
    invalidAt(`${field}.amount`, fc.tuple(amounts, currency()).map(([amount, code]) => ({ amount, currency: code }))),
    invalidAt(`${field}.amount`, currency().map((code) => ({ currency: code }))),
    invalidAt(`${field}.currency`, fc.tuple(minorUnits({ min, max: positive ? MAX_TOP_UP : Number.MAX_SAFE_INTEGER }), invalidCurrency()).map(([amount, code]) => ({ amount, currency: code }))),
    invalidAt(`${field}.currency`, minorUnits({ min, max: positive ? MAX_TOP_UP : Number.MAX_SAFE_INTEGER }).map((amount) => ({ amount }))),
    invalidAt(field, fc.oneof(fc.constantFrom(100, "100 EUR", "EUR"), fc.array(fc.integer(), { maxLength: 2 }), fc.constant(null)))
  )
}

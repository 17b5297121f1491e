/**
 * R40: money is integer minor units plus an ISO 4217 currency, never floating
 * point. Arithmetic refuses to mix currencies: that would be a programming
 * error, not a user's.
 */
import { Schema } from "effect"

export const Currency = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[A-Z]{3}$/, { message: "must be an ISO 4217 currency code" })),
  Schema.brand("Currency")
)
export type Currency = typeof Currency.Type

export const MinorUnits = Schema.Int.pipe(
  Schema.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }))
)

export const Money = Schema.Struct({ amount: MinorUnits, currency: Currency })
export type Money = typeof Money.Type

/**
 * The largest single top-up (10^12 minor units): far beyond any real payment,
 * and small enough that a balance of millions of top-ups stays an exact
 * integer (R40: no floating point, ever).
 */
export const MAX_TOP_UP = 1_000_000_000_000

/** A positive amount (at least one minor unit, at most MAX_TOP_UP), as a top-up requires. */
export const PositiveMoney = Schema.Struct({
  amount: Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: MAX_TOP_UP }))),
  currency: Currency
})

export const money = (amount: number, currency: Currency): Money => ({ amount, currency })

const same = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new Error(`currency mismatch: ${a.currency} and ${b.currency}`)
}

export const add = (a: Money, b: Money): Money => (same(a, b), money(a.amount + b.amount, a.currency))
export const subtract = (a: Money, b: Money): Money => (same(a, b), money(a.amount - b.amount, a.currency))
export const times = (a: Money, n: number): Money => money(a.amount * n, a.currency)

/**
 * R45: the body of `POST /v1/admin/phone-balance/top-ups`: money in the
 * group's currency, at least one minor unit, and a payment method. A broken
 * amount is reported on `amount.amount` or `amount.currency`. (A well-formed
 * currency other than the group's is refused by the use case, not the Schema.)
 */
import type { TopUpInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, required, withSpec } from "./body.js"
import { valuesOf } from "./invalid.js"
import { invalidCurrency, invalidMinorUnits, type MoneyBody, positiveMoney } from "./money.js"
import { invalidPaymentMethod, paymentMethod } from "./paymentMethod.js"

export type TopUpBody = Conforms<{ readonly amount: MoneyBody; readonly paymentMethod: string }, typeof TopUpInput.Encoded>

export interface TopUpOptions {
  /** The largest amount in minor units; default 1,000,000. */
  readonly max?: number
  /** Default `tok_visa` (the simulated gateway succeeds). */
  readonly paymentMethod?: fc.Arbitrary<string>
}

/** A valid top-up in `currency` (the group's). */
export const topUpInput = (
  currency: string,
  { max = 1_000_000, paymentMethod: method = paymentMethod({ outcome: "succeeds" }) }: TopUpOptions = {}
): BodyArbitrary<TopUpBody> =>
  withSpec(fc.record({ amount: positiveMoney({ currency, max }), paymentMethod: method }), {
    fields: {
      "amount.amount": required(invalidMinorUnits({ min: 1 })),
      "amount.currency": required(invalidCurrency()),
      paymentMethod: required(valuesOf(invalidPaymentMethod()))
    }
  })

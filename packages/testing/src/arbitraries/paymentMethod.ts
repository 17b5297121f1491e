/**
 * R44, API.md §3 *Simulated payment gateway*: a payment names a payment
 * method, a string of 1–255 characters. The simulated gateway of the host
 * knows two: `tok_visa` succeeds, `tok_chargeDeclined` is declined; any other
 * well-formed one is refused by the gateway adapter (not by the Schema).
 */
import fc from "fast-check"
import { invalidAt, type InvalidOptions, type InvalidValue, wrongType } from "./invalid.js"

export const SUCCEEDING_METHOD = "tok_visa"
export const DECLINED_METHOD = "tok_chargeDeclined"

/** A method the simulated gateway knows: by default either outcome. */
export const paymentMethod = (
  { outcome = "any" }: { readonly outcome?: "succeeds" | "declined" | "any" } = {}
): fc.Arbitrary<string> =>
  outcome === "succeeds"
    ? fc.constant(SUCCEEDING_METHOD)
    : outcome === "declined"
    ? fc.constant(DECLINED_METHOD)
    : fc.constantFrom(SUCCEEDING_METHOD, DECLINED_METHOD)

/** Payment methods the domain's Schema refuses, each reported on `paymentMethod`: empty, 256+ characters, not a string. */
export const invalidPaymentMethod = ({ field = "paymentMethod" }: InvalidOptions = {}): fc.Arbitrary<InvalidValue> =>
  invalidAt(field, fc.oneof(fc.constant(""), fc.integer({ min: 256, max: 400 }).map((n) => "t".repeat(n)), wrongType("string")))

/** R44: the body of `POST /v1/admin/invoices/{invoiceId}/payments`: `{ paymentMethod }`. */
import type { PayInvoiceInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, required, withSpec } from "./body.js"
import { valuesOf } from "./invalid.js"
import { invalidPaymentMethod, paymentMethod } from "./paymentMethod.js"

export type PayInvoiceBody = Conforms<{ readonly paymentMethod: string }, typeof PayInvoiceInput.Encoded>

/** A valid payment request; by default one the simulated gateway accepts (`tok_visa`). */
export const payInvoiceInput = (
  { paymentMethod: method = paymentMethod({ outcome: "succeeds" }) }: { readonly paymentMethod?: fc.Arbitrary<string> } = {}
): BodyArbitrary<PayInvoiceBody> =>
  withSpec(fc.record({ paymentMethod: method }), { fields: { paymentMethod: required(valuesOf(invalidPaymentMethod())) } })

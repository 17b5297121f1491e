/**
 * R44: the admin pays one of the group's invoices
 * (POST /v1/admin/invoices/{invoiceId}/payments, header `Idempotency-Key`,
 * body `{ paymentMethod }`): 201 `{ payment, invoice }`, or 402
 * `payment-declined`. The key is required and scoped to the admin; the same
 * request under the same key answers the first result without charging
 * again; see support/Charge.ts for the whole flow.
 *
 * Order: the key (`idempotency-key-required`), the body and the payment
 * method (`validation-failed`), then the key's record, then the invoice
 * (`not-found` for another group's or an unknown one, `invoice-not-open` for a
 * paid, void or expired one, or one another payment is charging).
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { NotFound } from "../errors/DomainErrors.js"
import { Secrets } from "../ports/Secrets.js"
import { fingerprint } from "../rules/Fingerprint.js"
import { InvoiceId } from "../values/Ids.js"
import { decodeInput } from "../values/Validation.js"
import { chargeInvoice } from "./support/Charge.js"
import { requireIdempotencyKey, requireKnownMethod, requireOpen } from "./support/ChargeGuards.js"
import { findInvoiceOf } from "./support/Invoicing.js"
import type { AdminPrincipal } from "./support/Principal.js"
import { toInvoiceView, toPaymentView } from "./support/Views.js"

export const PaymentMethod = Schema.String.pipe(
  Schema.check(Schema.isMinLength(1, { message: "must not be empty" })),
  Schema.check(Schema.isMaxLength(255, { message: "must be at most 255 characters" }))
)

export const PayInvoiceInput = Schema.Struct({ paymentMethod: PaymentMethod })
export type PayInvoiceInput = typeof PayInvoiceInput.Type

const decode = decodeInput(PayInvoiceInput)
const isInvoiceId = Schema.is(InvoiceId)

/** The path whose fingerprint a payment of `invoiceId` carries (API.md §5 Idempotency). */
export const paymentPath = (invoiceId: string): string => `/v1/admin/invoices/${invoiceId}/payments`

/**
 * `invoiceId` as in the path, `input` the body as received, `idempotencyKey`
 * the header's value (undefined when absent).
 */
export const payInvoice = Effect.fn("payInvoice")(function*(
  principal: AdminPrincipal,
  invoiceId: string,
  input: unknown,
  idempotencyKey: string | null | undefined
) {
  const key = yield* requireIdempotencyKey(idempotencyKey)
  const { paymentMethod } = yield* decode(input)
  yield* requireKnownMethod(paymentMethod)
  const print = yield* fingerprint(
    { method: "POST", path: paymentPath(invoiceId), body: input },
    (yield* Secrets).digest
  )
  const charged = yield* chargeInvoice({
    principal,
    idempotencyKey: key,
    fingerprint: print,
    paymentMethod,
    prepare: (tx, group, now) =>
      Effect.gen(function*() {
        if (!isInvoiceId(invoiceId)) return yield* new NotFound({ resource: "invoice" })
        const invoice = yield* findInvoiceOf(tx, group.id, invoiceId, { lock: true })
        if (Option.isNone(invoice)) return yield* new NotFound({ resource: "invoice" })
        return yield* requireOpen(invoice.value, now)
      })
  })
  const now = yield* DateTime.now
  return { payment: toPaymentView(charged.payment), invoice: toInvoiceView(charged.invoice, now) }
})

/**
 * R44: the guards of a payment request. The key and the payment method are
 * checked before anything is read (API.md §5: the key first, then the body);
 * the invoice must be open when tx1 claims it.
 */
import { type DateTime, Effect } from "effect"
import { IdempotencyKeyRequired, InvoiceNotOpen, type ValidationFailed } from "../../errors/DomainErrors.js"
import type { Invoice } from "../../model/Billing.js"
import { PaymentGateway } from "../../ports/PaymentGateway.js"
import { isOpen } from "../../rules/InvoiceStatus.js"
import { invalid } from "../../values/Validation.js"

/** The longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255

/** The field a bad key is reported on (it travels in a header). */
export const IDEMPOTENCY_KEY_FIELD = "Idempotency-Key"

/** R44: a payment needs a key: missing or blank is `idempotency-key-required`. */
export const requireIdempotencyKey = (
  key: string | null | undefined
): Effect.Effect<string, IdempotencyKeyRequired | ValidationFailed> => {
  if (key === undefined || key === null || key.trim().length === 0) return Effect.fail(new IdempotencyKeyRequired())
  if ([...key].length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return Effect.fail(invalid(IDEMPOTENCY_KEY_FIELD, `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`))
  }
  return Effect.succeed(key)
}

/** Unknown payment methods are a validation failure on `paymentMethod`, before anything else. */
export const requireKnownMethod = Effect.fnUntraced(function*(paymentMethod: string) {
  const gateway = yield* PaymentGateway
  if (!gateway.acceptsMethod(paymentMethod)) {
    return yield* invalid("paymentMethod", "is not a payment method the gateway accepts")
  }
  return paymentMethod
})

/** R44: a paid or void invoice, or one whose period has ended, cannot be paid. */
export const requireOpen = (invoice: Invoice, now: DateTime.Utc): Effect.Effect<Invoice, InvoiceNotOpen> =>
  isOpen(invoice, now) ? Effect.succeed(invoice) : Effect.fail(new InvoiceNotOpen())

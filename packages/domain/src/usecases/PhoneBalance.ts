/**
 * R45: the group's prepaid balance for calls to phones.
 *
 * - `GET /v1/admin/phone-balance`: `{ balance, ratePerMinute }`.
 * - `POST /v1/admin/phone-balance/top-ups` (header `Idempotency-Key`, body
 *   `{ amount, paymentMethod }`): a `phone-top-up` invoice (seats 0, no
 *   period) is issued and paid through the same machinery as any invoice
 *   (support/Charge.ts): 201 `{ payment, invoice, balance }`; a decline is
 *   402 `payment-declined`, the invoice void and the balance unchanged. The
 *   amount is in the group's currency, at least one minor unit.
 */
import { DateTime, Effect, Schema } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { Secrets } from "../ports/Secrets.js"
import { Store } from "../ports/Store.js"
import { fingerprint } from "../rules/Fingerprint.js"
import { money, PositiveMoney } from "../values/Money.js"
import { decodeInput, invalid } from "../values/Validation.js"
import { chargeInvoice } from "./support/Charge.js"
import { requireIdempotencyKey, requireKnownMethod } from "./support/ChargeGuards.js"
import { invoiceIssued, issueInvoice } from "./support/Invoicing.js"
import { loadGroup } from "./support/LoadGroup.js"
import { actorOf, type AdminPrincipal } from "./support/Principal.js"
import { appendEvents } from "./support/Record.js"
import { toInvoiceView, toMoneyView, toPaymentView } from "./support/Views.js"
import { PaymentMethod } from "./PayInvoice.js"

/** The path whose fingerprint a top-up carries (API.md §5 Idempotency). */
export const TOP_UP_PATH = "/v1/admin/phone-balance/top-ups"

export const TopUpInput = Schema.Struct({ amount: PositiveMoney, paymentMethod: PaymentMethod })
export type TopUpInput = typeof TopUpInput.Type

const decode = decodeInput(TopUpInput)

export const phoneBalance = Effect.fn("phoneBalance")(function*(principal: AdminPrincipal) {
  const config = yield* DomainConfig
  const group = yield* (yield* Store).transaction((tx) => loadGroup(tx, principal.groupId))
  return {
    balance: toMoneyView(group.phoneBalance),
    ratePerMinute: toMoneyView(money(config.phoneRatePerMinute, group.phoneBalance.currency))
  }
})

/** `input` the body as received, `idempotencyKey` the header's value (undefined when absent). */
export const topUpPhoneBalance = Effect.fn("topUpPhoneBalance")(function*(
  principal: AdminPrincipal,
  input: unknown,
  idempotencyKey: string | null | undefined
) {
  const key = yield* requireIdempotencyKey(idempotencyKey)
  const { amount, paymentMethod } = yield* decode(input)
  yield* requireKnownMethod(paymentMethod)
  const print = yield* fingerprint({ method: "POST", path: TOP_UP_PATH, body: input }, (yield* Secrets).digest)
  const charged = yield* chargeInvoice({
    principal,
    idempotencyKey: key,
    fingerprint: print,
    paymentMethod,
    prepare: (tx, group, now) =>
      Effect.gen(function*() {
        const currency = group.phoneBalance.currency
        if (amount.currency !== currency) return yield* invalid("amount.currency", `must be ${currency}`)
        const invoice = yield* issueInvoice(tx, group.id, {
          kind: "phone-top-up",
          amount: money(amount.amount, currency),
          seats: 0,
          periodStart: null,
          periodEnd: null
        }, now)
        // The top-up is audited once, when its charge ends (payment-failed or
        // phone-balance-topped-up); issuing its invoice is only an event.
        yield* appendEvents(tx, [invoiceIssued(invoice, actorOf(principal))])
        return invoice
      })
  })
  const now = yield* DateTime.now
  return {
    payment: toPaymentView(charged.payment),
    invoice: toInvoiceView(charged.invoice, now),
    balance: toMoneyView(charged.group.phoneBalance)
  }
})

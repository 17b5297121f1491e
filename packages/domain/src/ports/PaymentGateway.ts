/**
 * R44, R45: the payment port. A charge is identified by `chargeKey`: calling
 * `charge` again with the same key must not charge again but return the
 * first outcome (every real gateway offers this; the simulated one does too).
 */
import { Context, type Effect } from "effect"
import type { Unavailable } from "../errors/DomainErrors.js"
import type { Money } from "../values/Money.js"

export interface ChargeRequest {
  readonly chargeKey: string
  readonly amount: Money
  /** An opaque token of the payment method, e.g. `tok_visa`. */
  readonly paymentMethod: string
  readonly description: string
}

export type ChargeResult =
  | { readonly status: "succeeded"; readonly gatewayReference: string }
  | { readonly status: "declined"; readonly gatewayReference: string; readonly reason: string }

export class PaymentGateway extends Context.Service<PaymentGateway, {
  /** Whether the gateway knows this kind of payment method at all (else a validation failure). */
  readonly acceptsMethod: (paymentMethod: string) => boolean
  /** A timeout or an outage is `Unavailable`: the outcome is then unknown. */
  readonly charge: (request: ChargeRequest) => Effect.Effect<ChargeResult, Unavailable>
}>()("@corporate-groups/domain/ports/PaymentGateway") {}

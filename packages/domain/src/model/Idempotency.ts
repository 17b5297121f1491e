/**
 * R44: what an idempotency key remembers. A key is scoped to the account; the
 * fingerprint is the canonical form of the request (API.md §5 Idempotency).
 */
import type { DateTime } from "effect"
import type { AccountId, InvoiceId, PaymentId } from "../values/Ids.js"

/** The outcome of a charge, enough to answer a replay exactly as the first time. */
export interface ChargeOutcome {
  readonly status: "succeeded" | "declined"
  readonly paymentId: PaymentId
  readonly invoiceId: InvoiceId
}

export interface IdempotencyRecord {
  readonly accountId: AccountId
  readonly key: string
  readonly fingerprint: string
  /** null while the first request is still running. */
  readonly outcome: ChargeOutcome | null
  readonly createdAt: DateTime.Utc
  readonly expiresAt: DateTime.Utc
}

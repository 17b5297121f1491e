/**
 * Every refusal of the domain, one `Schema.TaggedError` each. The `_tag` is the
 * problem slug of API.md §4, so a host maps an error to its problem type by tag
 * alone and a consumer catches them with `Effect.catchTag("group-full", …)`.
 */
import { Schema } from "effect"

/** One invalid field, named by its dotted path (`admin.email`). */
export const FieldError = Schema.Struct({ field: Schema.String, message: Schema.String })
export type FieldError = typeof FieldError.Type

/** R2: every invalid field at once, never only the first. */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("validation-failed", {
  errors: Schema.Array(FieldError)
}) {}

/** R2, R5: wrong login or password; the same whether or not the account exists. */
export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("invalid-credentials", {}) {}

/** R4: a GroupAdmin signing in for the client apps. */
export class AdminCannotUseApps extends Schema.TaggedError<AdminCannotUseApps>()("admin-cannot-use-apps", {}) {}

/** R4, R31: a GroupAdmin asking for a call or conference. */
export class AdminCannotCall extends Schema.TaggedError<AdminCannotCall>()("admin-cannot-call", {}) {}

/** R31: the first limit of the tariff that the question breaks. */
export class ConferenceLimitExceeded extends Schema.TaggedError<ConferenceLimitExceeded>()(
  "conference-limit-exceeded",
  {
    limit: Schema.Literals(["kind", "participants", "presenters", "duration"]),
    max: Schema.Number
  }
) {}

/** An unknown object, or another group's object (never told apart). */
export class NotFound extends Schema.TaggedError<NotFound>()("not-found", {
  resource: Schema.String
}) {}

/** No session, or an unknown or expired one. */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("unauthenticated", {}) {}

/** The wrong account kind for the operation. */
export class Forbidden extends Schema.TaggedError<Forbidden>()("forbidden", {}) {}

/** R2 */
export class TrueconfIdTaken extends Schema.TaggedError<TrueconfIdTaken>()("trueconf-id-taken", {}) {}

/** R2: an email is unique among all accounts. */
export class EmailTaken extends Schema.TaggedError<EmailTaken>()("email-taken", {}) {}

/** R12: a code that matches no live group; always names the `corporateCode` field. */
export class CorporateCodeInvalid extends Schema.TaggedError<CorporateCodeInvalid>()("corporate-code-invalid", {
  errors: Schema.Array(FieldError)
}) {}

export const corporateCodeInvalid = (): CorporateCodeInvalid =>
  new CorporateCodeInvalid({ errors: [{ field: "corporateCode", message: "matches no group" }] })

/** R11, R12, R13 */
export class GroupFull extends Schema.TaggedError<GroupFull>()("group-full", {}) {}

/** R41, R43 */
export class GroupSuspended extends Schema.TaggedError<GroupSuspended>()("group-suspended", {}) {}

/** R12 */
export class AlreadyMember extends Schema.TaggedError<AlreadyMember>()("already-member", {}) {}

/** R10, R12: leave the other group first. */
export class MemberOfAnotherGroup extends Schema.TaggedError<MemberOfAnotherGroup>()("member-of-another-group", {}) {}

/** R14, R45: leaving, or recording a phone call, with no group. */
export class NotAMember extends Schema.TaggedError<NotAMember>()("not-a-member", {}) {}

/** R45 */
export class InsufficientBalance extends Schema.TaggedError<InsufficientBalance>()("insufficient-balance", {}) {}

/** R43 */
export class SeatsBelowMembers extends Schema.TaggedError<SeatsBelowMembers>()("seats-below-members", {
  members: Schema.Number
}) {}

/** R44: paying a paid or void invoice, or losing a race to pay it. */
export class InvoiceNotOpen extends Schema.TaggedError<InvoiceNotOpen>()("invoice-not-open", {}) {}

/** R44: a renewal while a renewal or first invoice is open. */
export class OpenInvoiceExists extends Schema.TaggedError<OpenInvoiceExists>()("open-invoice-exists", {
  invoiceId: Schema.String
}) {}

/** R44 */
export class IdempotencyKeyRequired extends Schema.TaggedError<IdempotencyKeyRequired>()(
  "idempotency-key-required",
  {}
) {}

/** R44: the same key while the first request is still running. */
export class IdempotencyKeyInFlight extends Schema.TaggedError<IdempotencyKeyInFlight>()(
  "idempotency-key-in-flight",
  {}
) {}

/** R44: the same key with a different request. */
export class IdempotencyKeyReuse extends Schema.TaggedError<IdempotencyKeyReuse>()("idempotency-key-reuse", {}) {}

/** R44: the gateway declined; the attempt is in the payment history. */
export class PaymentDeclined extends Schema.TaggedError<PaymentDeclined>()("payment-declined", {
  paymentId: Schema.String,
  invoiceId: Schema.String,
  reason: Schema.String
}) {}

/** R15: throttled; `retryAfterSeconds` is the time to wait. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("rate-limited", {
  retryAfterSeconds: Schema.Number
}) {}

/** The store or the payment gateway cannot be reached; nothing was half-done. */
export class Unavailable extends Schema.TaggedError<Unavailable>()("unavailable", {
  reason: Schema.String
}) {}

/** Every error a use case can fail with. */
export type DomainError =
  | ValidationFailed
  | InvalidCredentials
  | AdminCannotUseApps
  | AdminCannotCall
  | ConferenceLimitExceeded
  | NotFound
  | Unauthenticated
  | Forbidden
  | TrueconfIdTaken
  | EmailTaken
  | CorporateCodeInvalid
  | GroupFull
  | GroupSuspended
  | AlreadyMember
  | MemberOfAnotherGroup
  | NotAMember
  | InsufficientBalance
  | SeatsBelowMembers
  | InvoiceNotOpen
  | OpenInvoiceExists
  | IdempotencyKeyRequired
  | IdempotencyKeyInFlight
  | IdempotencyKeyReuse
  | PaymentDeclined
  | RateLimited
  | Unavailable

export type DomainErrorTag = DomainError["_tag"]

/**
 * API.md §4: the one table from a problem slug to its status and title. Every
 * domain error's `_tag` is its slug (errors/DomainErrors.ts), so a domain
 * error maps by tag alone; the few problems only the host can meet (routing,
 * media type, size, syntax) are in the same table. The `satisfies` clause makes
 * a new domain error without a row a compile error, not a 500.
 */
import type { DomainErrorTag } from "@corporate-groups/domain"

/** Problems that only the host meets, before any use case runs. */
export type HostProblemSlug = "malformed-request" | "method-not-allowed" | "payload-too-large" | "unsupported-media-type"

export type ProblemSlug = DomainErrorTag | HostProblemSlug

export interface ProblemType {
  readonly status: number
  readonly title: string
  /** What the client reads when nothing more precise can be said without leaking anything. */
  readonly detail: string
}

export const PROBLEM_TYPES = {
  "malformed-request": { status: 400, title: "Malformed request", detail: "The request body is not a JSON object." },
  "idempotency-key-required": {
    status: 400,
    title: "Idempotency key required",
    detail: "A payment needs an Idempotency-Key header."
  },
  unauthenticated: {
    status: 401,
    title: "Unauthenticated",
    detail: "Send a live session token as `Authorization: Bearer <token>`."
  },
  "invalid-credentials": { status: 401, title: "Invalid credentials", detail: "The login or the password is wrong." },
  "payment-declined": { status: 402, title: "Payment declined", detail: "The payment gateway declined the payment." },
  forbidden: { status: 403, title: "Forbidden", detail: "This kind of account cannot use this route." },
  "admin-cannot-use-apps": {
    status: 403,
    title: "Group administrators cannot use the apps",
    detail: "A group administrator signs in to the web cabinet only."
  },
  "admin-cannot-call": {
    status: 403,
    title: "Group administrators cannot call",
    detail: "A group administrator cannot start calls or conferences; use a user account."
  },
  "conference-limit-exceeded": {
    status: 403,
    title: "Conference limit exceeded",
    detail: "The tariff does not allow this conference."
  },
  "not-found": { status: 404, title: "Not found", detail: "There is nothing here." },
  "method-not-allowed": {
    status: 405,
    title: "Method not allowed",
    detail: "This path does not accept this method; see the Allow header."
  },
  "trueconf-id-taken": { status: 409, title: "TrueConf ID taken", detail: "Another user has this TrueConf ID." },
  "email-taken": { status: 409, title: "Email taken", detail: "Another account has this email." },
  "group-full": { status: 409, title: "Group full", detail: "The group has no free seat." },
  "group-suspended": { status: 409, title: "Group suspended", detail: "The group is suspended until it is paid." },
  "already-member": { status: 409, title: "Already a member", detail: "The user is already a member of this group." },
  "member-of-another-group": {
    status: 409,
    title: "Member of another group",
    detail: "The user is a member of another group; leave it first."
  },
  "not-a-member": { status: 409, title: "Not a member", detail: "The user is not a member of any group." },
  "insufficient-balance": {
    status: 409,
    title: "Insufficient balance",
    detail: "The group's phone balance cannot cover this call."
  },
  "seats-below-members": {
    status: 409,
    title: "Seats below members",
    detail: "The group has more members than that many seats."
  },
  "invoice-not-open": { status: 409, title: "Invoice not open", detail: "The invoice is paid, void or being paid." },
  "open-invoice-exists": {
    status: 409,
    title: "Open invoice exists",
    detail: "An invoice of the group is still open; pay it or wait for it to settle."
  },
  "idempotency-key-in-flight": {
    status: 409,
    title: "Idempotency key in flight",
    detail: "A request with this Idempotency-Key is still being processed."
  },
  "payload-too-large": { status: 413, title: "Payload too large", detail: "The request body is over 102,400 bytes." },
  "unsupported-media-type": {
    status: 415,
    title: "Unsupported media type",
    detail: "Send the body as application/json (UTF-8)."
  },
  "validation-failed": { status: 422, title: "Validation failed", detail: "Some fields are invalid; see `errors`." },
  "corporate-code-invalid": {
    status: 422,
    title: "Corporate code invalid",
    detail: "The corporate code matches no group."
  },
  "idempotency-key-reuse": {
    status: 422,
    title: "Idempotency key reused",
    detail: "This Idempotency-Key was used with a different request."
  },
  "rate-limited": { status: 429, title: "Rate limited", detail: "Too many failed attempts; retry later." },
  unavailable: {
    status: 503,
    title: "Unavailable",
    detail: "A service the API depends on is unreachable; nothing was changed. Retry later."
  }
} as const satisfies Record<ProblemSlug, ProblemType>

export const problemSlugs = Object.keys(PROBLEM_TYPES) as ReadonlyArray<ProblemSlug>

export const isProblemSlug = (tag: string): tag is ProblemSlug => Object.hasOwn(PROBLEM_TYPES, tag)

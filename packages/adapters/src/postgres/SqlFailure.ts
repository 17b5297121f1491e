/**
 * What a failed statement means for the transaction that ran it. The Tx
 * methods have no error channel (the port says so: a statement either works
 * or something is wrong below the domain), so a failed statement dies with a
 * `SqlFailure`, and `transaction` reads the verdict here:
 *
 * - `conflict`: serialization failure or deadlock; run the whole transaction
 *   again, a bounded number of times.
 * - `unique`: a unique key taken by a concurrent commit; run it again, and
 *   the domain, now seeing the row, answers with its own error
 *   (`email-taken`, `member-of-another-group`). Taken again and again, it is
 *   a use case that did not check first: a defect, as in the memory store.
 * - `constraint`: a CHECK, a foreign key, NOT NULL: the domain must check
 *   first, so it is a defect (`ConstraintViolation`), never retried.
 * - `unavailable`: the server or the connection is gone, or too slow; the
 *   transaction did not commit (or its outcome is unknown and must not be
 *   repeated blindly): the domain's `Unavailable`.
 * - `defect`: anything else (bad SQL is a bug of this adapter).
 */
import { ConstraintViolation } from "../memory/ConstraintViolation.js"

export type Verdict = "conflict" | "unique" | "constraint" | "unavailable" | "defect"

/** A statement that failed, with the driver's error as its cause. */
export class SqlFailure extends Error {
  override readonly name = "SqlFailure"
  constructor(
    /** What the adapter was doing (`users.insert`, `commit`), for the defect's message. */
    readonly statement: string,
    override readonly cause: unknown
  ) {
    super(`postgres: ${statement} failed: ${messageOf(cause)}`, { cause })
  }
}

export const isSqlFailure = (u: unknown): u is SqlFailure => u instanceof SqlFailure

const field = (error: unknown, name: string): string | undefined => {
  if (typeof error !== "object" || error === null || !(name in error)) return undefined
  const value = (error as Record<string, unknown>)[name]
  return typeof value === "string" ? value : undefined
}

const messageOf = (error: unknown): string => field(error, "message") ?? String(error)

/** SQLSTATE of a server error (both drivers put it on `code`). */
export const sqlState = (error: unknown): string | undefined => {
  const code = field(error, "code")
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN"
])

/** What `pg` and `pg-pool` say when the socket is gone or never came. */
const LOST = /connection terminated|timeout exceeded when trying to connect|query read timeout|not queryable|connection.*(closed|ended|lost)|cannot use a pool after calling end|pglite is closed|instance is already closed|driver has already been destroyed/i

/** Of those, what `pg` says of a socket that was open and broke. */
const ENDED = /connection terminated|not queryable|connection.*(closed|ended|lost)/i

const UNAVAILABLE_STATES = new Set([
  "57P01", // admin_shutdown (pg_terminate_backend)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "57014", // query_canceled: statement_timeout
  "25P03", // idle_in_transaction_session_timeout
  "55P03", // lock_not_available: lock_timeout
  "53300", // too_many_connections
  "53100", // disk_full
  "53200" // out_of_memory
])

const CONSTRAINT_STATES = new Set(["23514", "23503", "23502", "23P01", "23000", "23001"])

export const verdictOf = (error: unknown): Verdict => {
  const state = sqlState(error)
  if (state === "40001" || state === "40P01") return "conflict"
  if (state === "23505") return "unique"
  if (state !== undefined && CONSTRAINT_STATES.has(state)) return "constraint"
  if (state !== undefined && (state.startsWith("08") || UNAVAILABLE_STATES.has(state))) return "unavailable"
  const code = field(error, "code")
  if (code !== undefined && NETWORK_CODES.has(code)) return "unavailable"
  if (state === undefined && LOST.test(messageOf(error))) return "unavailable"
  return "defect"
}

/**
 * Of the `unavailable` failures, those where the session itself ended (the
 * server closed it or the socket broke), rather than a statement that took
 * too long or a server short of room: the server rolled the transaction
 * back, and a new connection may well work.
 */
export const sessionEnded = (error: unknown): boolean => {
  const state = sqlState(error)
  if (state !== undefined) return state.startsWith("08") || state === "57P01" || state === "57P02" || state === "25P03"
  const code = field(error, "code")
  return (code !== undefined && NETWORK_CODES.has(code)) || ENDED.test(messageOf(error))
}

/**
 * A statement `pg` refused to send because its connection had already
 * broken (a pooled connection the server closed while it sat idle): the
 * server never saw it, so even a COMMIT refused this way kept nothing.
 */
export const neverSent = (error: unknown): boolean => /not queryable/i.test(messageOf(error))

/** The defect a constraint's violation dies with, named as the schema (and the memory store) name it. */
export const constraintViolation = (failure: SqlFailure): ConstraintViolation =>
  new ConstraintViolation(
    field(failure.cause, "constraint") ?? sqlState(failure.cause) ?? "unknown",
    `${failure.statement}: ${field(failure.cause, "detail") ?? messageOf(failure.cause)}`
  )

/** A short reason for `Unavailable`, without SQL or data in it. */
export const unavailableReason = (failure: SqlFailure): string => {
  const state = sqlState(failure.cause)
  return `postgres: ${failure.statement}: ${state === undefined ? (field(failure.cause, "code") ?? "connection lost") : `SQLSTATE ${state}`}`
}

/**
 * RFC 9457 bodies (API.md §4): `{ type, title, status, detail }`, plus the
 * extension members a client needs to act (`errors` for validation, `limit`
 * and `max` for a refused conference, …), copied from the error by an
 * allow-list per slug so nothing internal (a store's reason, a stack) can
 * reach a client. Headers that go with a status are set here too: `Allow`,
 * `Retry-After`, `WWW-Authenticate`.
 */
import type { DomainError } from "@corporate-groups/domain"
import type { Response } from "express"
import { sendJsonText } from "../http/SendJson.js"
import { PROBLEM_TYPES, type ProblemSlug } from "./ProblemTypes.js"

export const PROBLEM_MEDIA_TYPE = "application/problem+json"

export interface ProblemBody {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly [extension: string]: unknown
}

/** A problem and the headers that must go with it. */
export interface ProblemReply {
  readonly body: ProblemBody
  readonly headers: Readonly<Record<string, string>>
}

export interface ProblemOptions {
  readonly detail?: string
  readonly extensions?: Readonly<Record<string, unknown>>
  readonly headers?: Readonly<Record<string, string>>
}

export const problem = (slug: ProblemSlug, options: ProblemOptions = {}): ProblemReply => {
  const { detail, status, title } = PROBLEM_TYPES[slug]
  const headers: Record<string, string> = { ...options.headers }
  if (status === 401) headers["WWW-Authenticate"] = "Bearer"
  return {
    body: { type: `/problems/${slug}`, title, status, detail: options.detail ?? detail, ...options.extensions },
    headers
  }
}

const NOT_FOUND_DETAIL: Readonly<Record<string, string>> = {
  invoice: "No such invoice in this group.",
  member: "No such member in this group.",
  group: "No such group."
}

/** The problem of a domain error: its slug is its tag; extensions by allow-list. */
export const problemOfError = (error: DomainError): ProblemReply => {
  switch (error._tag) {
    case "validation-failed":
    case "corporate-code-invalid":
      return problem(error._tag, { extensions: { errors: error.errors } })
    case "conference-limit-exceeded":
      return problem(error._tag, {
        detail: `The tariff does not allow this conference: ${error.limit} is over its limit.`,
        extensions: { limit: error.limit, max: error.max }
      })
    case "rate-limited": {
      const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds))
      return problem(error._tag, {
        detail: `Too many failed attempts; retry in ${seconds} seconds.`,
        extensions: { retryAfter: seconds },
        headers: { "Retry-After": String(seconds) }
      })
    }
    case "not-found":
      return problem(error._tag, { detail: NOT_FOUND_DETAIL[error.resource] ?? PROBLEM_TYPES["not-found"].detail })
    case "seats-below-members":
      return problem(error._tag, { extensions: { members: error.members } })
    case "open-invoice-exists":
      return problem(error._tag, { extensions: { invoiceId: error.invoiceId } })
    case "payment-declined":
      return problem(error._tag, {
        extensions: { paymentId: error.paymentId, invoiceId: error.invoiceId, reason: error.reason }
      })
    default:
      // Every other error carries nothing a client needs (Unavailable's reason may name internals).
      return problem(error._tag)
  }
}

/** A failure the server did not expect (a defect): nothing about it reaches the client. */
export const internalError = (): ProblemReply => ({
  body: {
    type: "about:blank",
    title: "Internal Server Error",
    status: 500,
    detail: "The server failed to answer this request. It has been logged."
  },
  headers: {}
})

export const sendProblem = (res: Response, reply: ProblemReply): void => {
  if (res.headersSent) {
    res.end()
    return
  }
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value)
  sendJsonText(res, reply.body.status, PROBLEM_MEDIA_TYPE, JSON.stringify(reply.body))
}

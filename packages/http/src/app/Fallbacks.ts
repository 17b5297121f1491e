/**
 * API.md §5: routing comes first. A known path with another method is 405
 * with `Allow`; an unknown path is a 404 problem; an error Express itself
 * raises (a path segment that does not URL-decode) is the client's, a 4xx
 * problem; anything else is a logged defect, answered with a generic 500.
 */
import type { ErrorRequestHandler, RequestHandler } from "express"
import type { Logger } from "../log/Logger.js"
import { internalError, problem, sendProblem } from "../problems/Problem.js"
import { requestIdOf } from "../http/RequestLog.js"

/** The `Allow` value of a path: its methods, and HEAD wherever GET is (Express answers HEAD with GET's handler). */
export const allowHeader = (methods: ReadonlyArray<string>): string => {
  const upper = methods.map((method) => method.toUpperCase())
  const withHead = upper.flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]))
  return [...new Set(withHead)].join(", ")
}

export const methodNotAllowed = (methods: ReadonlyArray<string>): RequestHandler => {
  const allow = allowHeader(methods)
  return (_req, res) => sendProblem(res, problem("method-not-allowed", { headers: { Allow: allow } }))
}

export const notFound: RequestHandler = (_req, res) =>
  sendProblem(res, problem("not-found", { detail: "No route of this API has this path." }))

const statusOf = (error: unknown): number | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const status = (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode
  return typeof status === "number" ? status : undefined
}

export const errorHandler = (logger: Logger): ErrorRequestHandler => (error, _req, res, _next) => {
  const status = statusOf(error)
  if (status === 413) return sendProblem(res, problem("payload-too-large"))
  if (status === 415) return sendProblem(res, problem("unsupported-media-type"))
  if (status !== undefined && status >= 400 && status < 500) {
    return sendProblem(res, problem("malformed-request", { detail: "The request could not be read." }))
  }
  logger.error("defect", { requestId: requestIdOf(res), cause: error instanceof Error ? error.stack : String(error) })
  sendProblem(res, internalError())
}

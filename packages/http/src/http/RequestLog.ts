/**
 * Every request gets an id (the caller's `X-Request-Id` when it is a sane
 * token, so a trace crosses services; a fresh UUID otherwise), echoed in the
 * response and written on one JSON log line with the method, the path
 * (never the query string), the status and the duration. Nothing else of the
 * request is logged: no header, no body, so no token, password or code.
 */
import { randomUUID } from "node:crypto"
import type { RequestHandler, Response } from "express"
import type { Logger } from "../log/Logger.js"

export const REQUEST_ID_HEADER = "X-Request-Id"

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/

export const requestIdOf = (res: Response): string => String(res.locals["requestId"] ?? "")

export const requestLog = (logger: Logger): RequestHandler => (req, res, next) => {
  const started = process.hrtime.bigint()
  const offered = req.get(REQUEST_ID_HEADER)
  const requestId = offered !== undefined && SANE_ID.test(offered) ? offered : randomUUID()
  res.locals["requestId"] = requestId
  res.set(REQUEST_ID_HEADER, requestId)
  let logged = false
  const log = () => {
    if (logged) return
    logged = true
    const fields = {
      requestId,
      method: req.method,
      path: req.path,
      // 499: the client closed the connection before the answer was sent.
      status: res.writableFinished ? res.statusCode : 499,
      durationMs: Number(process.hrtime.bigint() - started) / 1e6
    }
    if (fields.status >= 500) logger.error("request", fields)
    else logger.info("request", fields)
  }
  res.on("finish", log)
  res.on("close", log)
  next()
}

/**
 * API.md §5 *Bodies*: after routing, before the throttle. A body must say it is
 * JSON (`application/json` or `application/*+json`, UTF-8) or it is 415; over
 * 102,400 bytes it is 413, told by `Content-Length` before a byte is read when
 * it can be; a body that does not parse, or that is not an object where the
 * route takes one, or an empty one where one is required, is 400. Read here
 * rather than by body-parser because body-parser reads an empty JSON body as
 * `{}`, which the contract calls malformed. Compressed bodies are refused
 * (415): nothing here needs them, and inflating is a way to blow the limit.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express"
import { problem, sendProblem } from "../problems/Problem.js"

export const BODY_LIMIT_BYTES = 102_400

/** Deeper JSON is refused as malformed: no body of API.md nests past 3, and deep values blow recursive walkers. */
export const MAX_JSON_DEPTH = 64

const JSON_TYPE = /^application\/(?:[!#$&^_.+\-0-9a-z]+\+)?json$/

/** Whether the Content-Type header names JSON in UTF-8 (a missing charset is UTF-8, RFC 8259). */
export const isJsonContentType = (header: string | undefined): boolean => {
  if (header === undefined) return false
  const [type = "", ...parameters] = header.split(";").map((part) => part.trim().toLowerCase())
  if (!JSON_TYPE.test(type)) return false
  return parameters.every((parameter) => {
    const [name, value = ""] = parameter.split("=").map((part) => part.trim())
    return name !== "charset" || /^"?utf-?8"?$/.test(value)
  })
}

const hasBody = (req: Request): boolean =>
  req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0

const depthExceeds = (value: unknown, max: number): boolean => {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (typeof current !== "object" || current === null) continue
    if (depth > max) return true
    for (const child of Object.values(current)) stack.push([child, depth + 1])
  }
  return false
}

/** One decoder for every request: `decode` without `stream` keeps no state between calls. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false })

const isObject = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value)

const malformed = (detail: string) => problem("malformed-request", { detail })

/** Reads at most `limit` bytes; null when the body is larger. */
const readLimited = (req: Request, limit: number): Promise<Buffer | null> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const detach = () => {
      req.off("data", onData)
      req.off("end", onEnd)
      req.off("error", onError)
      req.off("close", onClose)
    }
    const done = (result: Buffer | null) => {
      detach()
      resolve(result)
    }
    const onError = (error: unknown) => {
      detach()
      reject(error)
    }
    // A connection closed before the end of the body: neither `end` nor always `error` follows.
    const onClose = () => onError(new Error("request closed before its body ended"))
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) return done(null)
      chunks.push(chunk)
    }
    const onEnd = () => done(Buffer.concat(chunks))
    req.on("data", onData)
    req.on("end", onEnd)
    req.on("error", onError)
    req.on("close", onClose)
  })

const tooLarge = (res: Response) => {
  // The rest of the body is not read: the connection cannot be reused.
  res.set("Connection", "close")
  sendProblem(res, problem("payload-too-large"))
}

/**
 * `takesBody`: the route reads a JSON object (its body is then required);
 * other routes ignore a body, but one that is present must still be JSON.
 */
export const readJsonBody = (takesBody: boolean): RequestHandler => {
  const handler = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    req.body = undefined
    if (!hasBody(req)) {
      if (takesBody) return sendProblem(res, malformed("This route needs a JSON object as its body."))
      return next()
    }
    if (!isJsonContentType(req.headers["content-type"])) return sendProblem(res, problem("unsupported-media-type"))
    const encoding = req.headers["content-encoding"]
    if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") {
      return sendProblem(res, problem("unsupported-media-type", { detail: "Compressed request bodies are not accepted." }))
    }
    if (Number(req.headers["content-length"] ?? 0) > BODY_LIMIT_BYTES) return tooLarge(res)
    const bytes = await readLimited(req, BODY_LIMIT_BYTES)
    if (bytes === null) return tooLarge(res)
    let text: string
    try {
      text = UTF8.decode(bytes)
    } catch {
      return sendProblem(res, malformed("The body is not valid UTF-8."))
    }
    if (text.trim() === "") {
      if (takesBody) return sendProblem(res, malformed("This route needs a JSON object as its body."))
      return next()
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return sendProblem(res, malformed("The body is not valid JSON."))
    }
    if (depthExceeds(parsed, MAX_JSON_DEPTH)) {
      return sendProblem(res, malformed(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`))
    }
    if (takesBody && !isObject(parsed)) return sendProblem(res, malformed("The body must be a JSON object."))
    req.body = parsed
    next()
  }
  return (req, res, next) => {
    handler(req, res, next).catch(() => {
      // The client went away mid-body, or the stream broke: nothing sensible to parse.
      sendProblem(res, malformed("The body could not be read."))
    })
  }
}

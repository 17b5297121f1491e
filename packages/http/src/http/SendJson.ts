/**
 * A JSON answer in one `end()`: what `res.type(mediaType).send(text)` does
 * for the texts this host answers with, without Express's steps that never
 * apply to them (media type lookup, charset parsing, ETag: the app turns
 * ETags off, and freshness: nothing here sets ETag or Last-Modified). A HEAD
 * request gets the headers alone: Node's response drops a HEAD answer's body.
 * On the path of every answer: `npm run bench:ab:http` measured this at 98%
 * of the host's CPU per join with `send` (README, *Two host builds at once*).
 */
import type { Response } from "express"

export const sendJsonText = (res: Response, status: number, mediaType: string, text: string): void => {
  res.statusCode = status
  res.setHeader("Content-Type", `${mediaType}; charset=utf-8`)
  res.setHeader("Content-Length", Buffer.byteLength(text))
  res.end(text)
}

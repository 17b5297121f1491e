/**
 * A JSON answer in one `end()`: what `res.type(mediaType).send(text)` does
 * for the texts this host answers with, without Express's steps that never
 * apply to them (media type lookup, charset parsing, ETag: the app turns
 * ETags off, and freshness: nothing here sets ETag or Last-Modified). A HEAD
 * request gets the headers alone: Node's response drops a HEAD answer's body.
 * On the path of every answer: `npm run bench:ab:http` measured 2–4% less
 * host CPU per join than with `send` (README, *Figures (2026-12-07, early
 * morning)*).
 */
import type { Response } from "express"

export const sendJsonText = (res: Response, status: number, mediaType: string, text: string): void => {
  res.statusCode = status
  res.setHeader("Content-Type", `${mediaType}; charset=utf-8`)
  res.setHeader("Content-Length", Buffer.byteLength(text))
  res.end(text)
}

/**
 * R16: lists are pages read by keyset. `limit` arrives from a query string, so
 * a numeric string is as good as a number; anything else is refused rather
 * than clamped. The cursor is opaque to clients: base64url of the JSON array of
 * the sort key of the last item; only a cursor this module made decodes.
 */
import { Option, Schema, SchemaGetter } from "effect"

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 200
const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_LIMIT}`
const MAX_CURSOR_LENGTH = 4096

export const Limit = Schema.Union([Schema.Number, Schema.String]).annotate({ message: LIMIT_MESSAGE }).pipe(
  Schema.decodeTo(
    Schema.Number.check(Schema.makeFilter((n: number) => (Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT) || LIMIT_MESSAGE)),
    {
      decode: SchemaGetter.transform((input: number | string) =>
        typeof input === "number" ? input : /^[0-9]+$/.test(input) ? Number(input) : Number.NaN
      ),
      encode: SchemaGetter.passthroughSubtype()
    }
  )
)
export type Limit = typeof Limit.Type

export const PageRequest = Schema.Struct({
  limit: Schema.optionalKey(Limit),
  cursor: Schema.optionalKey(Schema.String)
})
export type PageRequest = typeof PageRequest.Type

export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: string | null
}

/** The schema of a page of `item`, for responses and their OpenAPI document. */
export const Page = <S extends Schema.Top>(item: S) =>
  Schema.Struct({ items: Schema.Array(item), nextCursor: Schema.NullOr(Schema.String) })

const toBase64Url = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

const fromBase64Url = (text: string): Uint8Array => {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "="))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

export const encodeCursor = (parts: ReadonlyArray<string>): string =>
  toBase64Url(new TextEncoder().encode(JSON.stringify(parts)))

/** The `arity` strings a cursor carries; None for anything `encodeCursor` did not make. */
export const decodeCursor = (cursor: string, arity: number): Option.Option<ReadonlyArray<string>> => {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return Option.none()
  }
  try {
    const parts: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(cursor)))
    return Array.isArray(parts) &&
        parts.length === arity &&
        parts.every((part) => typeof part === "string") &&
        encodeCursor(parts) === cursor
      ? Option.some(parts)
      : Option.none()
  } catch {
    return Option.none()
  }
}

/**
 * R44 and API.md §5 *Idempotency*: a request's fingerprint is a digest of its
 * method, its path and its body in canonical JSON (object keys sorted, no
 * insignificant whitespace), so the same request sent with its keys in
 * another order is the same request, and any other request is not. The digest
 * itself is the `Secrets.digest` port's; it is passed in, so this stays pure.
 */
import type { Effect } from "effect"

/** What a fingerprint covers. */
export interface RequestForm {
  readonly method: string
  readonly path: string
  /** The body as received (parsed JSON); absent reads as null. */
  readonly body: unknown
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const hasToJSON = (value: object): value is { toJSON: () => unknown } =>
  typeof (value as { toJSON?: unknown }).toJSON === "function"

/** Whether JSON.stringify would drop the value as a property (and write null in an array). */
const isAbsent = (value: unknown): boolean =>
  value === undefined || typeof value === "function" || typeof value === "symbol"

/**
 * Canonical JSON: as `JSON.stringify` would write the value (same escapes,
 * same numbers, `toJSON` honoured, absent properties dropped), but with every
 * object's keys sorted by UTF-16 code units, recursively. A value that is not
 * JSON at all (a cycle) is a defect: bodies come from a JSON parser.
 */
export const canonicalJson = (value: unknown): string => {
  const seen = new Set<object>()
  const write = (v: unknown): string => {
    if (v !== null && typeof v === "object" && hasToJSON(v)) v = v.toJSON()
    if (v === null || isAbsent(v)) return "null"
    switch (typeof v) {
      case "string":
      case "boolean":
        return JSON.stringify(v)
      case "number":
        return Number.isFinite(v) ? JSON.stringify(v) : "null"
      case "bigint":
        return v.toString()
      default:
        break
    }
    const object = v as object
    if (seen.has(object)) throw new Error("canonicalJson: a cyclic value")
    seen.add(object)
    let text: string
    if (Array.isArray(object)) {
      text = `[${object.map((item) => write(item)).join(",")}]`
    } else {
      const record = object as Record<string, unknown>
      const keys = Object.keys(record).filter((key) => !isAbsent(record[key])).toSorted(compareKeys)
      text = `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key])}`).join(",")}}`
    }
    seen.delete(object)
    return text
  }
  return write(value)
}

/** The text a fingerprint digests: method (upper-case), path and body, canonical. */
export const fingerprintText = (request: RequestForm): string =>
  canonicalJson({ method: request.method.toUpperCase(), path: request.path, body: request.body ?? null })

/** R44: the fingerprint of a request, through a digest (`Secrets.digest`). */
export const fingerprint = <E, R>(
  request: RequestForm,
  digest: (text: string) => Effect.Effect<string, E, R>
): Effect.Effect<string, E, R> => digest(fingerprintText(request))

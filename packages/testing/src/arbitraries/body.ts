/**
 * R2: every invalid field of a body is reported at once, by dotted path. To
 * test that, a command arbitrary carries a *spec* of its body: for each field
 * (dotted path) a breaker giving values the domain refuses on that field, in
 * the body at hand, and the password confirmations the domain compares.
 * `invalidBody` (invalidBody.ts) uses it to break one or more fields and say
 * exactly which ones the domain must name.
 *
 * Breakers know the domain's conventions: `null` in an optional field means
 * "absent" (so it breaks nothing there), a confirmation is only compared when
 * both sides are strings, and a field ignored in some bodies (role-based
 * `presenters`) cannot be broken in them.
 */
import fc from "fast-check"

/** A broken "value" that removes the field: a required field is then `is required`. */
export const MISSING: unique symbol = Symbol("missing")

/** A JSON request body. */
export type Body = Readonly<Record<string, unknown>>

/** Values that break one field of `body` (`MISSING` removes it), or undefined when the field cannot be broken in that body. */
export type Breaker = (body: Body) => fc.Arbitrary<unknown> | undefined

export interface BodySpec {
  /** The breakable fields by dotted path, applied in this order (a field before its confirmation). */
  readonly fields: Readonly<Record<string, Breaker>>
  /** `[field, confirmation]` pairs the domain compares (R2: reported on the confirmation). */
  readonly confirmations?: ReadonlyArray<readonly [field: string, confirmation: string]>
}

/** `Shape`, checked at compile time to be what the domain's input Schema decodes (its `Encoded` type). */
export type Conforms<Shape extends Encoded, Encoded> = Shape

/** An arbitrary of valid bodies that knows how to break them (see `invalidBody`). */
export type BodyArbitrary<T> = fc.Arbitrary<T> & { readonly spec: BodySpec }

/** Attaches `spec` to `arbitrary` (a `.map` or `.filter` of the result loses it: pass the spec to `invalidBody` then). */
export const withSpec = <T>(arbitrary: fc.Arbitrary<T>, spec: BodySpec): BodyArbitrary<T> => Object.assign(arbitrary, { spec })

/** A required field: its invalid values, or no field at all. */
export const required = (invalid: fc.Arbitrary<unknown>): Breaker => () =>
  fc.oneof({ weight: 4, arbitrary: invalid }, { weight: 1, arbitrary: fc.constant(MISSING) })

/** An optional field: only its invalid values (absent is valid; keep `null` out of `invalid` where it means absent). */
export const optional = (invalid: fc.Arbitrary<unknown>): Breaker => () => invalid

/** The value at a dotted path (undefined when absent). */
export const getPath = (body: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>(
    (value, key) => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined),
    body
  )

/** A copy of `body` with `value` at a dotted path (`MISSING` removes it); objects on the way are copied, created when absent. */
export const setPath = (body: Body, path: string, value: unknown): Record<string, unknown> => {
  const [key, ...rest] = path.split(".") as [string, ...Array<string>]
  const copy: Record<string, unknown> = { ...body }
  if (rest.length === 0) {
    if (value === MISSING) delete copy[key]
    else copy[key] = value
    return copy
  }
  const inner = copy[key]
  copy[key] = setPath(typeof inner === "object" && inner !== null && !Array.isArray(inner) ? (inner as Body) : {}, rest.join("."), value)
  return copy
}

/**
 * A confirmation of the field at `field`: a different string (off by case or a
 * space, or unrelated) while that field is a string, else (the domain then
 * does not compare) only a non-string or nothing.
 */
export const confirmationOf = (field: string): Breaker => (body) => {
  const original = getPath(body, field)
  const notAString = fc.oneof(fc.constant(MISSING), fc.constant(null), fc.integer(), fc.boolean(), fc.constant({}))
  if (typeof original !== "string") return notAString
  return fc.oneof(
    fc.constantFrom(original + " ", " " + original, [...original].slice(0, -1).join(""), original.toUpperCase(), original.toLowerCase(), "")
      .filter((other) => other !== original),
    fc.string({ minLength: 1, maxLength: 20 }).filter((other) => other !== original),
    notAString
  )
}

/**
 * An invalid value is useful in a test only together with the field the
 * domain must name when it refuses it (R2: every invalid field is reported,
 * by field): `{ value, field }` lets a test assert the error names exactly
 * that field. Values of the wrong JSON type are part of every field's
 * invalid set; `null` is left out where the domain reads it as "absent".
 */
import fc from "fast-check"

/** A value the domain must refuse, and the (dotted) field it must name. */
export interface InvalidValue {
  readonly value: unknown
  readonly field: string
}

/** Options of every invalid-value arbitrary. */
export interface InvalidOptions {
  /** The field the value is sent as (each arbitrary has a default, e.g. `email`). */
  readonly field?: string
}

export type JsonType = "string" | "number" | "boolean" | "object"

const ofType: Record<JsonType, () => fc.Arbitrary<unknown>> = {
  string: () => fc.string({ maxLength: 8 }),
  number: () => fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: () => fc.boolean(),
  object: () => fc.oneof(fc.constant({}), fc.record({ value: fc.string({ maxLength: 4 }) }))
}

/**
 * A JSON value that is not of type `type` (arrays included); `null` too
 * unless `withNull` is false (for optional fields, where null means absent).
 */
export const wrongType = (type: JsonType, { withNull = true }: { readonly withNull?: boolean } = {}): fc.Arbitrary<unknown> =>
  fc.oneof(
    ...(Object.keys(ofType) as Array<JsonType>).filter((other) => other !== type).map((other) => ofType[other]()),
    fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
    ...(withNull ? [fc.constant(null)] : [])
  )

/** Pairs every value of `values` with `field`. */
export const invalidAt = (field: string, values: fc.Arbitrary<unknown>): fc.Arbitrary<InvalidValue> =>
  values.map((value) => ({ value, field }))

/** The values alone, for building bodies. */
export const valuesOf = (invalid: fc.Arbitrary<InvalidValue>): fc.Arbitrary<unknown> => invalid.map(({ value }) => value)

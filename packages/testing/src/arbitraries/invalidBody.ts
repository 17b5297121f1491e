/**
 * R2: "every invalid field is reported at once, by field, never only the
 * first". `invalidBody(valid)` takes a valid body and breaks one or more of
 * its fields (wrong value, wrong type, or missing when required), and says
 * which: a test asserts that the domain's `validation-failed` names exactly
 * `brokenFields`, no more, no fewer. A broken password carries its
 * confirmation along (set to the same broken string) so that only the
 * password is reported; a broken confirmation is reported on itself.
 */
import fc from "fast-check"
import { type Body, type BodyArbitrary, type BodySpec, getPath, setPath } from "./body.js"

export interface BrokenBody {
  /** The body to send. */
  readonly body: Record<string, unknown>
  /** The dotted paths the domain must report, in the spec's order. */
  readonly brokenFields: ReadonlyArray<string>
}

export interface InvalidBodyOptions {
  /** How to break the body; default the `spec` the command arbitrary carries. */
  readonly spec?: BodySpec
  /** Break at least this many fields (default 1) … */
  readonly minFields?: number
  /** … and at most this many (default all of them). */
  readonly maxFields?: number
}

const breakFields = (
  spec: BodySpec,
  body: Record<string, unknown>,
  fields: ReadonlyArray<string>,
  broken: ReadonlyArray<string>
): fc.Arbitrary<BrokenBody> => {
  const [field, ...rest] = fields
  if (field === undefined) {
    let result = body
    for (const [primary, confirmation] of spec.confirmations ?? []) {
      const value = getPath(result, primary)
      if (broken.includes(primary) && !broken.includes(confirmation) && typeof value === "string") {
        result = setPath(result, confirmation, value)
      }
    }
    return fc.constant({ body: result, brokenFields: broken })
  }
  const values = spec.fields[field]?.(body)
  if (values === undefined) return breakFields(spec, body, rest, broken)
  return values.chain((value) => breakFields(spec, setPath(body, field, value), rest, [...broken, field]))
}

/** A body with one or more fields broken, and the fields the domain must name. */
export const invalidBody = <T extends object>(
  valid: BodyArbitrary<T> | fc.Arbitrary<T>,
  options: InvalidBodyOptions = {}
): fc.Arbitrary<BrokenBody> => {
  const spec = options.spec ?? ("spec" in valid ? (valid as BodyArbitrary<T>).spec : undefined)
  if (spec === undefined) throw new Error("invalidBody: the arbitrary carries no spec (was it mapped?); pass { spec }")
  const paths = Object.keys(spec.fields)
  const minFields = Math.max(1, options.minFields ?? 1)
  return fc.tuple(valid, fc.subarray(paths, { minLength: Math.min(minFields, paths.length), maxLength: options.maxFields ?? paths.length }))
    .chain(([body, fields]) => breakFields(spec, { ...(body as Body) }, fields, []))
    .filter(({ brokenFields }) => brokenFields.length >= Math.min(minFields, paths.length))
}

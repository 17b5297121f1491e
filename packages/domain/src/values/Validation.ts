/**
 * R2: every invalid field at once, by dotted path, never only the first. Input
 * crossing a boundary is decoded here with `errors: "all"`, and each schema
 * issue becomes one `{ field, message }` of `ValidationFailed`. Messages never
 * quote the input (it may be a password). A check across fields (a password
 * confirmation) set on a struct would run only once every field is valid, and
 * so hide behind any other error: such checks run beside the decode instead,
 * and their errors are merged with its own.
 */
import { Effect, Exit, Option, Schema, SchemaIssue } from "effect"
import { type FieldError, ValidationFailed } from "../errors/DomainErrors.js"

/** The field named by an issue at the root of the input (not an object, say). */
export const ROOT_FIELD = "body"

export interface DecodeOptions {
  /** Names the root: its own issues use it, nested ones are prefixed with it. */
  readonly field?: string
}

type Segment = PropertyKey | { readonly key: PropertyKey }

const fieldOf = (root: string | undefined, path: ReadonlyArray<Segment> = []): string => {
  const parts = path.map((segment) => {
    const key = typeof segment === "object" ? segment.key : segment
    return typeof key === "symbol" ? key.description ?? "" : String(key)
  })
  if (root === undefined) return parts.length === 0 ? ROOT_FIELD : parts.join(".")
  return [root, ...parts].join(".")
}

const ARTICLE: Record<string, string> = { string: "a", number: "a", boolean: "a", bigint: "a", object: "an", array: "an" }

const phrase = (message: string): string =>
  message.replace(/^Expected (\w+)$/, (whole, type: string) => (ARTICLE[type] ? `must be ${ARTICLE[type]} ${type}` : whole))
    .replace(/^Expected /, "must be ")

const formatter = SchemaIssue.makeFormatterStandardSchemaV1({
  leafHook: (issue) => (issue._tag === "MissingKey" ? "is required" : SchemaIssue.defaultLeafHook(issue))
})

/** One `{ field, message }` per issue, in schema order, without repeats. */
export const fieldErrors = (issue: SchemaIssue.Issue, options?: DecodeOptions): ReadonlyArray<FieldError> => {
  const seen = new Set<string>()
  const errors: Array<FieldError> = []
  for (const { message, path } of formatter(issue).issues) {
    const error = { field: fieldOf(options?.field, path), message: phrase(message) }
    const key = JSON.stringify(error)
    if (!seen.has(key)) {
      seen.add(key)
      errors.push(error)
    }
  }
  return errors
}

/** Decodes untrusted input, ignoring unknown properties and reporting every bad field. */
export const decodeInput = <S extends Schema.ConstraintDecoder<unknown>>(schema: S, options?: DecodeOptions) => {
  const decode = Schema.decodeUnknownEffect(schema, { errors: "all", onExcessProperty: "ignore" })
  return (input: unknown): Effect.Effect<S["Type"], ValidationFailed> =>
    decode(input).pipe(
      Effect.mapError((error) => new ValidationFailed({ errors: fieldErrors(error.issue, options) }))
    )
}

/** A failure naming one field, for checks made outside a schema. */
export const invalid = (field: string, message: string): ValidationFailed =>
  new ValidationFailed({ errors: [{ field, message }] })

type Successes<T extends ReadonlyArray<Effect.Effect<unknown, ValidationFailed, unknown>>> = {
  -readonly [K in keyof T]: T[K] extends Effect.Effect<infer A, ValidationFailed, unknown> ? A : never
}
type Services<T extends ReadonlyArray<Effect.Effect<unknown, ValidationFailed, unknown>>> = T[number] extends
  Effect.Effect<unknown, ValidationFailed, infer R> ? R : never

/**
 * Runs every validation and fails with all their field errors together, in
 * order; succeeds with each result when none failed. Defects pass through.
 */
export const mergeValidation = <const T extends ReadonlyArray<Effect.Effect<unknown, ValidationFailed, unknown>>>(
  ...validations: T
): Effect.Effect<Successes<T>, ValidationFailed, Services<T>> =>
  Effect.forEach(validations, (validation) => Effect.exit(validation)).pipe(
    Effect.flatMap((exits) => {
      const values: Array<unknown> = []
      const errors: Array<FieldError> = []
      for (const exit of exits) {
        if (Exit.isSuccess(exit)) {
          values.push(exit.value)
          continue
        }
        const failure = Exit.findErrorOption(exit)
        if (Option.isNone(failure) || Exit.hasDies(exit) || Exit.hasInterrupts(exit)) return exit
        errors.push(...failure.value.errors)
      }
      return errors.length > 0
        ? Effect.fail(new ValidationFailed({ errors }))
        : Effect.succeed(values as Successes<T>)
    })
  ) as Effect.Effect<Successes<T>, ValidationFailed, Services<T>>

const at = (input: unknown, field: string): unknown =>
  field.split(".").reduce<unknown>(
    (value, key) => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined),
    input
  )

/**
 * R2: the confirmation must equal the field it repeats, compared exactly as
 * typed. Reported on the confirmation only when both are strings: a missing or
 * mistyped one is already reported by the schema.
 */
export const confirmationMatches = (
  input: unknown,
  field: string,
  confirmationField: string
): Effect.Effect<void, ValidationFailed> => {
  const value = at(input, field)
  const confirmation = at(input, confirmationField)
  return typeof value === "string" && typeof confirmation === "string" && value !== confirmation
    ? Effect.fail(invalid(confirmationField, `must match ${field.split(".").at(-1)}`))
    : Effect.void
}

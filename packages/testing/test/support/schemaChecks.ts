/** What the arbitraries' tests share: running a decode and reading what it refused. */
import { decodeInput, type ValidationFailed } from "@corporate-groups/domain"
import { Effect, Result, type Schema } from "effect"
import { expect } from "vitest"

export const CUSTOM_DOMAIN = "Video.Example.org"

/** The fields a validation names, or "accepted". */
export const outcome = (effect: Effect.Effect<unknown, ValidationFailed>): "accepted" | ReadonlyArray<string> => {
  const result = Effect.runSync(Effect.result(effect))
  if (Result.isSuccess(result)) return "accepted"
  expect(result.failure._tag).toBe("validation-failed")
  return result.failure.errors.map((error) => error.field)
}

export const decodes = <S extends Schema.ConstraintDecoder<unknown>>(schema: S, value: unknown): S["Type"] => {
  const result = Effect.runSync(Effect.result(decodeInput(schema)(value)))
  if (Result.isFailure(result)) throw new Error(`refused ${JSON.stringify(value)}: ${JSON.stringify(result.failure.errors)}`)
  return result.success
}

/** The set of fields a refusal names ("accepted" when there is none). */
export const refusedFields = (effect: Effect.Effect<unknown, ValidationFailed>): "accepted" | ReadonlySet<string> => {
  const fields = outcome(effect)
  return fields === "accepted" ? fields : new Set(fields)
}

export const codePoints = (text: string): number => [...text].length


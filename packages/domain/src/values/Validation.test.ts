import { Effect, Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ValidationFailed } from "../errors/DomainErrors.js"
import { Email } from "./Email.js"
import { Password } from "./Password.js"
import { PersonName } from "./PersonName.js"
import { confirmationMatches, decodeInput, invalid, mergeValidation } from "./Validation.js"

const run = <A>(effect: Effect.Effect<A, ValidationFailed>) => Effect.runSync(Effect.result(effect))
const errorsOf = <A>(effect: Effect.Effect<A, ValidationFailed>) => {
  const result = run(effect)
  if (Result.isSuccess(result)) throw new Error("expected a validation failure")
  return result.failure.errors
}

const Registration = Schema.Struct({
  name: PersonName,
  admin: Schema.Struct({ email: Email, password: Password, passwordConfirmation: Schema.String }),
  tags: Schema.Array(Schema.String),
  nickname: Schema.optionalKey(PersonName)
})
const decodeRegistration = decodeInput(Registration)

const valid = {
  name: "Ann",
  admin: { email: "ann@example.com", password: "a long enough secret", passwordConfirmation: "a long enough secret" },
  tags: ["a", "b"]
}

describe("decodeInput", () => {
  it("R2: decodes a valid input, folding values and ignoring unknown properties", () => {
    const result = run(decodeRegistration({ ...valid, admin: { ...valid.admin, email: " Ann@Example.COM " }, extra: 1 }))
    expect(result).toEqual(Result.succeed({ ...valid, admin: { ...valid.admin, email: "ann@example.com" } }))
  })

  it("R2: reports every bad field of a nested struct at once, by dotted path", () => {
    const errors = errorsOf(decodeRegistration({
      name: "  ",
      admin: { email: "not-an-email", password: "short" },
      tags: ["ok", 3],
      nickname: 5
    }))
    expect(errors.map((e) => e.field)).toEqual([
      "name",
      "admin.email",
      "admin.password",
      "admin.passwordConfirmation",
      "tags.1",
      "nickname"
    ])
    expect(errors.find((e) => e.field === "admin.passwordConfirmation")?.message).toBe("is required")
    expect(errors.find((e) => e.field === "tags.1")?.message).toBe("must be a string")
  })

  it("R2: a missing required key is reported as required", () => {
    expect(errorsOf(decodeRegistration({ ...valid, name: undefined }))).toEqual([
      { field: "name", message: "must be a string" }
    ])
    const { name: _, ...withoutName } = valid
    expect(errorsOf(decodeRegistration(withoutName))).toEqual([{ field: "name", message: "is required" }])
  })

  it("R2: a non-object input is reported on the body, or on the field named by the caller", () => {
    for (const input of [null, "text", 42, [1]]) {
      expect(errorsOf(decodeRegistration(input))).toEqual([{ field: "body", message: "must be an object" }])
    }
    expect(errorsOf(decodeInput(Email, { field: "email" })("nope"))).toEqual([
      { field: "email", message: "must be an email address (local@domain)" }
    ])
    expect(errorsOf(decodeInput(Registration, { field: "user" })({ ...valid, tags: [1] }))).toEqual([
      { field: "user.tags.0", message: "must be a string" }
    ])
  })

  it("R2: messages never quote the input", () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 11 }), (password) => {
      const errors = errorsOf(decodeRegistration({ ...valid, admin: { ...valid.admin, password } }))
      for (const error of errors) expect(error.message.includes(JSON.stringify(password))).toBe(false)
    }))
  })

  it("R2: every field error of a struct of n bad fields is reported", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 8 }), (keys) => {
      const schema = Schema.Struct(Object.fromEntries(keys.map((key) => [key, Email])))
      const errors = errorsOf(decodeInput(schema)(Object.fromEntries(keys.map((key) => [key, "bad"]))))
      expect(errors.map((e) => e.field).toSorted()).toEqual([...keys].toSorted())
    }))
  })
})

describe("mergeValidation", () => {
  it("R2: a mismatched confirmation is reported together with every other field error", () => {
    const input = { ...valid, name: "", admin: { ...valid.admin, email: "x", passwordConfirmation: "something else" } }
    const errors = errorsOf(mergeValidation(
      decodeRegistration(input),
      confirmationMatches(input, "admin.password", "admin.passwordConfirmation")
    ))
    expect(errors).toEqual([
      { field: "name", message: "must not be empty" },
      { field: "admin.email", message: "must be an email address (local@domain)" },
      { field: "admin.passwordConfirmation", message: "must match password" }
    ])
  })

  it("R2: succeeds with every result when all pass", () => {
    const result = run(mergeValidation(
      decodeRegistration(valid),
      confirmationMatches(valid, "admin.password", "admin.passwordConfirmation"),
      Effect.succeed(7)
    ))
    expect(result).toEqual(Result.succeed([valid, undefined, 7]))
  })

  it("R2: a missing confirmation is reported once, by the schema", () => {
    const input = { ...valid, admin: { email: "ann@example.com", password: "a long enough secret" } }
    const errors = errorsOf(mergeValidation(
      decodeRegistration(input),
      confirmationMatches(input, "admin.password", "admin.passwordConfirmation")
    ))
    expect(errors).toEqual([{ field: "admin.passwordConfirmation", message: "is required" }])
  })

  it("R2: keeps the errors of every failed validation, in order", () => {
    fc.assert(fc.property(fc.array(fc.option(fc.string(), { nil: undefined }), { maxLength: 6 }), (fields) => {
      const validations = fields.map((field, i) => field === undefined ? Effect.succeed(i) : Effect.fail(invalid(field, `bad ${i}`)))
      const result = run(mergeValidation(...validations))
      const expected = fields.flatMap((field, i) => field === undefined ? [] : [{ field, message: `bad ${i}` }])
      expect(Result.mapError(result, (failure) => failure.errors)).toEqual(
        expected.length === 0 ? Result.succeed(fields.map((_, i) => i)) : Result.fail(expected)
      )
    }))
  })
})

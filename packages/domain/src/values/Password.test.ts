import { Effect, Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { commonPasswords } from "./commonPasswords.js"
import { Password } from "./Password.js"
import { decodeInput } from "./Validation.js"

const errorsOf = (input: unknown) => {
  const result = Effect.runSync(Effect.result(decodeInput(Password, { field: "password" })(input)))
  return Result.isFailure(result) ? result.failure.errors.map((e) => e.message) : []
}
const isPassword = Schema.is(Password)
const astral = fc.integer({ min: 0x1f300, max: 0x1f64f }).map((cp) => String.fromCodePoint(cp))

describe("Password", () => {
  it("R2: length counts code points: 11 astral characters are refused, 12 accepted", () => {
    fc.assert(fc.property(fc.array(astral, { minLength: 12, maxLength: 12 }), (chars) => {
      expect(errorsOf(chars.slice(0, 11).join(""))).toEqual(["must be at least 12 characters"])
      expect(errorsOf(chars.join(""))).toEqual([])
    }))
  })

  it("R2: 12 to 128 characters accepted unchanged, never truncated or trimmed", () => {
    fc.assert(fc.property(fc.string({ minLength: 12, maxLength: 128, unit: "binary" }), (password) => {
      fc.pre(!commonPasswords.has(password.toLowerCase()))
      expect(Schema.decodeUnknownSync(Password)(password)).toBe(password)
    }))
    const spaced = "  padded secret phrase  "
    expect(Schema.decodeUnknownSync(Password)(spaced)).toBe(spaced)
  })

  it("R2: more than 128 characters is refused", () => {
    expect(errorsOf("x".repeat(128) + "y").length).toBe(1)
    expect(errorsOf("😀".repeat(129))).toEqual(["must be at most 128 characters"])
    expect(isPassword("😀".repeat(128))).toBe(true)
  })

  it("R2: the common list is refused in any case", () => {
    for (const common of ["password1234", "123456789012", "qwertyuiopas", "passwordpassword", "111111111111", "iloveyou1234"]) {
      expect(commonPasswords.has(common)).toBe(true)
    }
    fc.assert(fc.property(fc.constantFrom(...commonPasswords), fc.array(fc.boolean(), { minLength: 1 }), (common, mask) => {
      const typed = [...common].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c)).join("")
      expect(errorsOf(typed)).toEqual(["is too common"])
    }))
  })

  it("R2: the common list holds only lower-case entries long enough to pass the length rule", () => {
    expect(commonPasswords.size).toBeGreaterThanOrEqual(300)
    for (const common of commonPasswords) {
      expect(common).toBe(common.toLowerCase())
      expect([...common].length).toBeGreaterThanOrEqual(12)
    }
  })

  it("R2: no composition rules", () => {
    expect(isPassword("aaaaaaaaaaab")).toBe(true)
    expect(isPassword("correct horse battery staple")).toBe(true)
    expect(errorsOf(123456789012)).toEqual(["must be a string"])
  })
})

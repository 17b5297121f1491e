import { Effect, Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Email } from "./Email.js"
import { decodeInput } from "./Validation.js"

const decode = Schema.decodeUnknownSync(Email)
const errorsOf = (input: unknown) => {
  const result = Effect.runSync(Effect.result(decodeInput(Email, { field: "email" })(input)))
  return Result.isFailure(result) ? result.failure.errors.map((e) => e.message) : []
}

describe("Email", () => {
  it("R2: an email is trimmed and stored lower-case, whatever the case typed", () => {
    fc.assert(fc.property(fc.emailAddress(), fc.boolean(), (email, upper) => {
      fc.pre([...email].length <= 254)
      const typed = upper ? email.toUpperCase() : email
      expect(decode(` ${typed}\n`)).toBe(email.toLowerCase())
    }))
  })

  it("R2: case variants of one address decode to the same value", () => {
    fc.assert(fc.property(fc.emailAddress(), (email) => {
      fc.pre([...email].length <= 254)
      expect(decode(email.toUpperCase())).toBe(decode(email.toLowerCase()))
    }))
  })

  it("R2: needs local@domain with a dot in the domain and no whitespace", () => {
    for (const bad of ["", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "ann@exa mple.com",
      "an n@example.com", "ann@example.", "ann@.example.com", "ann@example..com", "ann\u0000@example.com"]) {
      expect([bad, errorsOf(bad)]).toEqual([bad, ["must be an email address (local@domain)"]])
    }
    expect(errorsOf(["ann@example.com"])).toEqual(["must be a string"])
  })

  it("R2: at most 254 characters", () => {
    const domain = "@example.com"
    expect(decode("a".repeat(254 - domain.length) + domain)).toHaveLength(254)
    expect(errorsOf("a".repeat(255 - domain.length) + domain)).toEqual(["must be at most 254 characters"])
  })
})

import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { GroupName } from "./GroupName.js"
import { PersonName } from "./PersonName.js"

const whitespace = fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u3000")
const padding = fc.array(whitespace, { maxLength: 3 }).map((s) => s.join(""))
const name = fc.string({ minLength: 1, maxLength: 100, unit: "grapheme" })
  .map((s) => s.trim())
  .filter((s) =>
    s.length > 0 && [...s].length <= 100 && !/[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u.test(s) &&
    /[^\p{Z}\p{Cf}\s]/u.test(s)
  )

const nameRules = (schema: typeof PersonName | typeof GroupName, rule: string) => {
  const isValid = (input: unknown) => Schema.decodeUnknownExit(schema)(input)._tag === "Success"

  it(`${rule}: trimmed, 1–100 characters after trimming`, () => {
    fc.assert(fc.property(padding, name, padding, (before, value, after) => {
      expect(Schema.decodeUnknownSync(schema)(before + value + after)).toBe(value)
    }))
  })

  it(`${rule}: empty or blank is refused`, () => {
    fc.assert(fc.property(padding, (blank) => {
      expect(isValid(blank)).toBe(false)
    }))
  })

  it(`${rule}: length counts code points`, () => {
    expect(isValid("😀".repeat(100))).toBe(true)
    expect(isValid("😀".repeat(101))).toBe(false)
    expect(isValid(` ${"x".repeat(100)} `)).toBe(true)
    expect(isValid("x".repeat(101))).toBe(false)
  })

  it(`${rule}: control characters are refused`, () => {
    expect(isValid("Ann\u0000")).toBe(false)
    expect(isValid("Ann\nLee")).toBe(false)
    expect(isValid(5)).toBe(false)
  })

  it(`${rule}: invisible names, bidirectional overrides and lone surrogates are refused`, () => {
    expect(isValid("\u200b")).toBe(false)
    expect(isValid(" \u200b\u200d ")).toBe(false)
    expect(isValid("Ann\u202eeL")).toBe(false)
    expect(isValid("Ann\ud800")).toBe(false)
    expect(isValid("!")).toBe(true)
  })
}

describe("PersonName", () => {
  nameRules(PersonName, "R2")
})
describe("GroupName", () => {
  nameRules(GroupName, "R18")
})

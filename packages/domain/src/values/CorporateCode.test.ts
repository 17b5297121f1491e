import { Option, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CorporateCode, CorporateCodeInput, corporateCodeFromBytes, displayCode, normalizeCode, parseCode } from "./CorporateCode.js"

const bytes = fc.uint8Array({ minLength: 10, maxLength: 32 })
const code = bytes.map(corporateCodeFromBytes)
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** Re-types a code as a person might: any case, dashes and spaces anywhere, 0 as O and 1 as I or L. */
const typedAs = (value: string) =>
  fc.array(fc.tuple(fc.boolean(), fc.constantFrom("", "", "-", " ", "\t", "  ", "\u2013"), fc.boolean()), {
    minLength: value.length,
    maxLength: value.length
  }).map((choices) =>
    [...value].map((char, i) => {
      const [lower, separator, alias] = choices[i]!
      const aliased = alias && char === "0" ? "O" : alias && char === "1" ? (lower ? "L" : "I") : char
      return (lower ? aliased.toLowerCase() : aliased) + separator
    }).join("")
  )

describe("CorporateCode", () => {
  it("R15: 80 bits from the bytes become 16 Crockford base32 characters", () => {
    fc.assert(fc.property(bytes, (random) => {
      const made = corporateCodeFromBytes(random)
      expect(made).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/)
      expect(Schema.is(CorporateCode)(made)).toBe(true)
      expect(corporateCodeFromBytes(random.slice(0, 10))).toBe(made)
      const bits = Array.from(random.slice(0, 10), (b) => b.toString(2).padStart(8, "0")).join("")
      const fromBits = [...made].map((c) => ALPHABET.indexOf(c).toString(2).padStart(5, "0")).join("")
      expect(fromBits).toBe(bits)
    }))
    expect(corporateCodeFromBytes(new Uint8Array(10))).toBe("0000000000000000")
    expect(corporateCodeFromBytes(new Uint8Array(10).fill(255))).toBe("ZZZZZZZZZZZZZZZZ")
    expect(() => corporateCodeFromBytes(new Uint8Array(9))).toThrow("a corporate code needs 10 random bytes")
  })

  it("R15: distinct bytes make distinct codes", () => {
    fc.assert(fc.property(bytes, bytes, (a, b) => {
      const same = a.slice(0, 10).every((byte, i) => byte === b[i])
      expect(corporateCodeFromBytes(a) === corporateCodeFromBytes(b)).toBe(same)
    }))
  })

  it("R15: displayed in dash-separated blocks of four, and the display normalises back", () => {
    fc.assert(fc.property(code, (value) => {
      const shown = displayCode(value)
      expect(shown).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
      expect(normalizeCode(shown)).toBe(value)
      expect(parseCode(shown)).toEqual(Option.some(value))
    }))
  })

  it("R15: matching ignores case, dashes and spaces, and reads I, L as 1 and O as 0", () => {
    fc.assert(fc.property(code.chain((value) => fc.tuple(fc.constant(value), typedAs(displayCode(value)))), ([value, typed]) => {
      expect(normalizeCode(typed)).toBe(value)
    }))
    expect(normalizeCode(" abcd-efgh ijkl-mnop ")).toBe("ABCDEFGH1JK1MN0P")
  })

  it("R15: normalisation is idempotent on any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (input) => {
      expect(normalizeCode(normalizeCode(input))).toBe(normalizeCode(input))
    }))
  })

  it("R15: any string is a code to look up; a malformed one has no canonical form", () => {
    fc.assert(fc.property(fc.string(), (input) => {
      expect(Schema.decodeUnknownSync(CorporateCodeInput)(input)).toBe(input)
    }))
    expect(Schema.decodeUnknownExit(CorporateCodeInput)(12)._tag).toBe("Failure")
    for (const bad of ["", "ABCD", "ABCD-EFGH-JKMN-PQRU", "ABCD-EFGH-JKMN-PQRST"]) expect(parseCode(bad)).toEqual(Option.none())
  })
})

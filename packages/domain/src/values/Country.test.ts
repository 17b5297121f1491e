import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Country, COUNTRY_CODES } from "./Country.js"

const decode = Schema.decodeUnknownSync(Country)
const isValid = (input: unknown) => Schema.decodeUnknownExit(Country)(input)._tag === "Success"

describe("Country", () => {
  it("R2: the 249 assigned ISO 3166-1 alpha-2 codes", () => {
    expect(COUNTRY_CODES.size).toBe(249)
    for (const code of ["RU", "US", "DE", "GB", "AX", "SS", "BQ", "CW", "SX", "AQ"]) expect(COUNTRY_CODES.has(code)).toBe(true)
  })

  it("R2: any case on input, kept upper-case", () => {
    fc.assert(fc.property(fc.constantFrom(...COUNTRY_CODES), fc.boolean(), fc.boolean(), (code, a, b) => {
      const typed = (a ? code[0]!.toLowerCase() : code[0]!) + (b ? code[1]!.toLowerCase() : code[1]!)
      expect(decode(typed)).toBe(code)
    }))
  })

  it("R2: unassigned, user-assigned and malformed codes are refused", () => {
    for (const bad of ["XK", "UK", "EU", "ZZ", "AA", "QM", "XX", "SU", "YU", "R", "RUS", "", "r u", 7]) {
      expect([bad, isValid(bad)]).toEqual([bad, false])
    }
    fc.assert(fc.property(fc.stringMatching(/^[A-Z]{2}$/), (code) => {
      expect(isValid(code)).toBe(COUNTRY_CODES.has(code))
    }))
  })
})

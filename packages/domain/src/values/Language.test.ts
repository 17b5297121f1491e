import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DEFAULT_LANGUAGE, Language, LANGUAGE_CODES } from "./Language.js"

const isValid = (input: unknown) => Schema.decodeUnknownExit(Language)(input)._tag === "Success"

describe("Language", () => {
  it("R2: the assigned ISO 639-1 codes, `en` by default", () => {
    expect(LANGUAGE_CODES.size).toBe(183)
    for (const code of ["en", "ru", "de", "fr", "zh", "uk", "kk", "be", "he", "yi", "id"]) expect(LANGUAGE_CODES.has(code)).toBe(true)
    expect(DEFAULT_LANGUAGE).toBe("en")
  })

  it("R2: any case on input, kept lower-case", () => {
    fc.assert(fc.property(fc.constantFrom(...LANGUAGE_CODES), fc.boolean(), fc.boolean(), (code, a, b) => {
      const typed = (a ? code[0]!.toUpperCase() : code[0]!) + (b ? code[1]!.toUpperCase() : code[1]!)
      expect(Schema.decodeUnknownSync(Language)(typed)).toBe(code)
    }))
  })

  it("R2: unassigned and malformed codes are refused", () => {
    for (const bad of ["xx", "iw", "in", "ji", "mo", "qa", "eng", "e", "", "en-US", null]) {
      expect([bad, isValid(bad)]).toEqual([bad, false])
    }
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{2}$/), (code) => {
      expect(isValid(code)).toBe(LANGUAGE_CODES.has(code))
    }))
  })
})

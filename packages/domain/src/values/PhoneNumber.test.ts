import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { PhoneNumber } from "./PhoneNumber.js"

const isValid = (input: unknown) => Schema.decodeUnknownExit(PhoneNumber)(input)._tag === "Success"

describe("PhoneNumber", () => {
  it("R45: `+` and 8 to 15 digits", () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{8,15}$/), (digits) => {
      expect(Schema.decodeUnknownSync(PhoneNumber)(` +${digits} `)).toBe(`+${digits}`)
    }))
  })

  it("R45: anything else is refused", () => {
    for (const bad of ["+1234567", "+1234567890123456", "74951234567", "+7 495 123 45 67", "+7(495)1234567", "++74951234567", "+७४९५१२३४५६७", "", 74951234567]) {
      expect([bad, isValid(bad)]).toEqual([bad, false])
    }
  })
})

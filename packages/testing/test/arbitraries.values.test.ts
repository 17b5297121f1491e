/**
 * The value arbitraries keep their promises against the domain's own Schemas:
 * every valid value decodes, every invalid one is refused with
 * `validation-failed` naming exactly its field. arbitraries.commands.test.ts
 * does the same for whole bodies, arbitraries.usecases.test.ts against the
 * use cases themselves.
 */
import {
  CorporateCode,
  CorporateCodeInput,
  COUNTRY_CODES,
  Country,
  decodeCursor,
  decodeInput,
  Email,
  GroupName,
  JoinGroupInput,
  Language,
  LANGUAGE_CODES,
  Limit,
  Money,
  normalizeCode,
  PageRequest,
  parseCode,
  Password,
  PayInvoiceInput,
  PersonName,
  PhoneNumber,
  PositiveMoney,
  Seats,
  trueconfIdSchema,
  type ValidationFailed
} from "@corporate-groups/domain"
import { Effect, Option, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Arb from "../src/arbitraries/index.js"
import { codePoints, CUSTOM_DOMAIN, decodes, outcome, refusedFields } from "./support/schemaChecks.js"

describe("value arbitraries: valid values decode", () => {
  it("R2: login is 2-64 of a-z0-9._- starting with a letter or digit, and a bare login gets the service domain", () => {
    fc.assert(fc.property(Arb.login(), (login) => {
      expect(login).toMatch(/^[a-z0-9][a-z0-9._-]{1,63}$/)
      expect(decodes(trueconfIdSchema(), login)).toBe(`${login}@t.trueconf.com`)
    }))
  })

  it("R2: trueconfId (bare or full, mixed case, padded) decodes to its canonical form, on any service domain", () => {
    fc.assert(fc.property(Arb.trueconfId(), (typed) => {
      expect(decodes(trueconfIdSchema(), typed)).toBe(Arb.canonicalTrueconfId(typed))
    }))
    fc.assert(fc.property(Arb.trueconfId({ serviceDomain: CUSTOM_DOMAIN }), (typed) => {
      const id = decodes(trueconfIdSchema(CUSTOM_DOMAIN), typed)
      expect(id).toBe(Arb.canonicalTrueconfId(typed, CUSTOM_DOMAIN))
      expect(id.endsWith("@video.example.org")).toBe(true)
    }))
  })

  it("R2: trueconfIdFor and uniqueTrueconfIds give distinct ids (case-insensitively)", () => {
    const keys = fc.uniqueArray(fc.nat(10_000), { minLength: 1, maxLength: 20 })
    fc.assert(fc.property(keys.chain((ks) => fc.tuple(...ks.map((k) => Arb.trueconfIdFor(k)))), (typed) => {
      const ids = typed.map((id) => decodes(trueconfIdSchema(), id))
      expect(new Set(ids).size).toBe(typed.length)
    }))
    fc.assert(fc.property(Arb.uniqueTrueconfIds({ maxLength: 20 }), (typed) => {
      expect(new Set(typed.map((id) => decodes(trueconfIdSchema(), id))).size).toBe(typed.length)
    }))
  })

  it("R2: email (mixed case, Unicode, up to 254) decodes lower-cased and trimmed", () => {
    fc.assert(fc.property(Arb.email(), (typed) => {
      const email = decodes(Email, typed)
      expect(email).toBe(Arb.canonicalEmail(typed))
      expect(codePoints(email)).toBeLessThanOrEqual(254)
    }))
    expect(fc.sample(Arb.email(), 1_000).some((typed) => codePoints(typed.trim()) === 254)).toBe(true)
  })

  it("R2: emailFor and uniqueEmails give distinct emails (case-insensitively)", () => {
    const keys = fc.uniqueArray(fc.nat(10_000), { minLength: 1, maxLength: 20 })
    fc.assert(fc.property(keys.chain((ks) => fc.tuple(...ks.map((k) => Arb.emailFor(k)))), (typed) => {
      expect(new Set(typed.map((email) => decodes(Email, email))).size).toBe(typed.length)
    }))
    fc.assert(fc.property(Arb.uniqueEmails({ maxLength: 20 }), (typed) => {
      expect(new Set(typed.map((email) => decodes(Email, email))).size).toBe(typed.length)
    }))
  })

  it("R2: password is 12-128 code points, astral and non-ASCII included, never common, kept as typed", () => {
    fc.assert(fc.property(Arb.password(), (password) => {
      expect(decodes(Password, password)).toBe(password)
      expect(codePoints(password)).toBeGreaterThanOrEqual(12)
      expect(codePoints(password)).toBeLessThanOrEqual(128)
      expect(Arb.isCommonPassword(password)).toBe(false)
    }))
    const sample = fc.sample(Arb.password(), 300)
    expect(sample.some((password) => /[\u{10000}-\u{10FFFF}]/u.test(password))).toBe(true)
    expect(sample.some((password) => /\P{ASCII}/u.test(password))).toBe(true)
    expect(sample.some((password) => codePoints(password) === 12)).toBe(true)
    expect(sample.some((password) => codePoints(password) === 128)).toBe(true)
  })

  it("R2: country (any case) decodes to an assigned upper-case code", () => {
    fc.assert(fc.property(Arb.country(), (typed) => {
      const code = decodes(Country, typed)
      expect(code).toBe(typed.trim().toUpperCase())
      expect(COUNTRY_CODES.has(code)).toBe(true)
    }))
  })

  it("R2: language (any case) decodes to an assigned lower-case code", () => {
    fc.assert(fc.property(Arb.language(), (typed) => {
      const code = decodes(Language, typed)
      expect(code).toBe(typed.trim().toLowerCase())
      expect(LANGUAGE_CODES.has(code)).toBe(true)
    }))
  })

  it("R2: personName is 1-100 code points after trimming, Unicode letters, no control characters", () => {
    fc.assert(fc.property(Arb.personName(), (typed) => {
      const name = decodes(PersonName, typed)
      expect(name).toBe(typed.trim())
      expect(codePoints(name)).toBeGreaterThanOrEqual(1)
      expect(codePoints(name)).toBeLessThanOrEqual(100)
      expect(name).not.toMatch(/\p{Cc}/u)
    }))
    const sample = fc.sample(Arb.personName(), 300)
    expect(sample.some((typed) => typed !== typed.trim())).toBe(true)
    expect(sample.some((typed) => codePoints(typed.trim()) === 100)).toBe(true)
    expect(sample.some((typed) => codePoints(typed.trim()) === 1)).toBe(true)
    expect(sample.some((typed) => /\P{ASCII}/u.test(typed))).toBe(true)
  })

  it("R18: groupName is 1-100 code points after trimming, no control characters", () => {
    fc.assert(fc.property(Arb.groupName(), (typed) => {
      const name = decodes(GroupName, typed)
      expect(name).toBe(typed.trim())
      expect(codePoints(name)).toBeGreaterThanOrEqual(1)
      expect(codePoints(name)).toBeLessThanOrEqual(100)
    }))
  })

  it("R15: corporate codes are made as the domain makes them and shown in blocks", () => {
    fc.assert(fc.property(Arb.corporateCode(), Arb.displayedCorporateCode(), (code, displayed) => {
      expect(decodes(CorporateCode, code)).toBe(code)
      expect(displayed).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
      expect(decodes(CorporateCodeInput, displayed)).toBe(displayed)
      expect(Option.getOrNull(parseCode(displayed))).toBe(displayed.replaceAll("-", ""))
    }))
  })

  it("R15: every sloppy spelling (case, spaces, no dashes, look-alikes) normalises to its code", () => {
    fc.assert(fc.property(Arb.sloppyCorporateCode(), ({ code, typed }) => {
      expect(normalizeCode(typed)).toBe(code)
      expect(Option.getOrNull(parseCode(typed))).toBe(code)
      expect(decodes(JoinGroupInput, { corporateCode: typed })).toEqual({ corporateCode: typed })
    }))
  })

  it("R12: malformed corporate codes pass validation but name no code", () => {
    fc.assert(fc.property(Arb.malformedCorporateCode(), (typed) => {
      expect(outcome(decodeInput(JoinGroupInput)({ corporateCode: typed }))).toBe("accepted")
      expect(Option.isNone(parseCode(typed))).toBe(true)
      expect(normalizeCode(typed)).not.toBe("")
    }))
  })

  it("R18, R43: seats are 1-10,000; smallSeats 1-5", () => {
    fc.assert(fc.property(Arb.seats(), (seats) => {
      expect(decodes(Seats, seats)).toBe(seats)
    }))
    fc.assert(fc.property(Arb.smallSeats(), (seats) => {
      expect(seats).toBeGreaterThanOrEqual(1)
      expect(seats).toBeLessThanOrEqual(5)
    }))
    expect(fc.sample(Arb.seats(), 2_000)).toContain(10_000)
  })

  it("R40: money is integer minor units (up to MAX_SAFE_INTEGER) and an ISO 4217 code", () => {
    fc.assert(fc.property(Arb.money(), (money) => {
      expect(decodes(Money, money)).toEqual(money)
    }))
    fc.assert(fc.property(Arb.positiveMoney({ currency: "EUR" }), (money) => {
      expect(decodes(PositiveMoney, money)).toEqual(money)
      expect(money.currency).toBe("EUR")
    }))
    expect(fc.sample(Arb.money(), 300).some((money) => money.amount === Number.MAX_SAFE_INTEGER)).toBe(true)
  })

  it("R45: phone numbers are E.164", () => {
    fc.assert(fc.property(Arb.phoneNumber(), (typed) => {
      expect(decodes(PhoneNumber, typed)).toBe(typed.trim())
    }))
  })

  it("R16: limit is 1-200 as a number or a numeric string; a page request has no cursor", () => {
    fc.assert(fc.property(Arb.limit(), (typed) => {
      const limit = decodes(Limit, typed)
      expect(Number.isInteger(limit) && limit >= 1 && limit <= 200).toBe(true)
      expect(limit).toBe(Number(typed))
    }))
    fc.assert(fc.property(Arb.pageRequest(), (request) => {
      expect(decodes(PageRequest, request)).not.toHaveProperty("cursor")
    }))
    fc.assert(fc.property(Arb.malformedCursor(), (cursor) => {
      expect(Option.isNone(decodeCursor(cursor, 3))).toBe(true)
    }))
  })
})

describe("value arbitraries: invalid values are refused naming their field", () => {
  const cases: ReadonlyArray<readonly [string, fc.Arbitrary<Arb.InvalidValue>, (field: string) => (value: unknown) => Effect.Effect<unknown, ValidationFailed>]> = [
    ["R2: trueconfId", Arb.invalidTrueconfId(), (field) => decodeInput(trueconfIdSchema(), { field })],
    [
      "R2: trueconfId on a configured domain",
      Arb.invalidTrueconfId({ serviceDomain: CUSTOM_DOMAIN }),
      (field) => decodeInput(trueconfIdSchema(CUSTOM_DOMAIN), { field })
    ],
    ["R2: email", Arb.invalidEmail(), (field) => decodeInput(Email, { field })],
    ["R2: email as admin.email", Arb.invalidEmail({ field: "admin.email" }), (field) => decodeInput(Email, { field })],
    ["R2: password", Arb.invalidPassword(), (field) => decodeInput(Password, { field })],
    ["R2: country", Arb.invalidCountry(), (field) => decodeInput(Country, { field })],
    ["R2: language", Arb.invalidLanguage(), (field) => decodeInput(Language, { field })],
    ["R2: firstName", Arb.invalidPersonName(), (field) => decodeInput(PersonName, { field })],
    ["R2: lastName", Arb.invalidPersonName({ field: "lastName" }), (field) => decodeInput(PersonName, { field })],
    ["R18: group name", Arb.invalidGroupName(), (field) => decodeInput(GroupName, { field })],
    ["R18, R43: seats", Arb.invalidSeats(), (field) => decodeInput(Seats, { field })],
    ["R40: money", Arb.invalidMoney(), () => decodeInput(Money, { field: "amount" })],
    ["R45: top-up money (at least one minor unit)", Arb.invalidMoney({ positive: true }), () => decodeInput(PositiveMoney, { field: "amount" })],
    ["R45: phoneNumber", Arb.invalidPhoneNumber(), (field) => decodeInput(PhoneNumber, { field })],
    ["R16: limit", Arb.invalidLimit(), (field) => decodeInput(Limit, { field })],
    ["R12: corporateCode", Arb.invalidCorporateCode(), (field) => decodeInput(CorporateCodeInput, { field })],
    ["R44: paymentMethod", Arb.invalidPaymentMethod(), (field) => decodeInput(PayInvoiceInput.fields.paymentMethod, { field })]
  ]

  for (const [name, invalid, decoderFor] of cases) {
    it(`${name}: refused, validation-failed on its field`, () => {
      fc.assert(fc.property(invalid, ({ field, value }) => {
        expect(refusedFields(decoderFor(field)(value))).toEqual(new Set([field]))
      }))
    })
  }

  it("R2: common passwords in random case are refused as too common", () => {
    fc.assert(fc.property(Arb.commonPassword(), (password) => {
      expect(Arb.isCommonPassword(password)).toBe(true)
      const result = Effect.runSync(Effect.result(decodeInput(Password, { field: "password" })(password)))
      expect(Result.isFailure(result) && result.failure.errors).toEqual([{ field: "password", message: "is too common" }])
    }))
  })

  it("R2: unassigned country and language codes look like real ones", () => {
    fc.assert(fc.property(Arb.unassignedCountryCode(), Arb.unassignedLanguageCode(), (country, language) => {
      expect(country).toMatch(/^[a-zA-Z]{2}$/)
      expect(COUNTRY_CODES.has(country.toUpperCase())).toBe(false)
      expect(language).toMatch(/^[a-zA-Z]{2}$/)
      expect(LANGUAGE_CODES.has(language.toLowerCase())).toBe(false)
    }))
  })

  it("R16: an invalid limit inside a page request is reported on limit", () => {
    fc.assert(fc.property(Arb.invalidLimit(), ({ value }) => {
      expect(refusedFields(decodeInput(PageRequest)({ limit: value }))).toEqual(new Set(["limit"]))
    }))
  })
})

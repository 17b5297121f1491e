import { Effect, Option, Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, Limit, Page, PageRequest } from "./Page.js"
import { decodeInput } from "./Validation.js"

const decodeRequest = (input: unknown) => Effect.runSync(Effect.result(decodeInput(PageRequest)(input)))

describe("Limit", () => {
  it("R16: an integer from 1 to 200, as a number or a numeric string", () => {
    expect(DEFAULT_LIMIT).toBe(50)
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.boolean(), (n, asString) => {
      expect(Schema.decodeUnknownSync(Limit)(asString ? String(n) : n)).toBe(n)
    }))
  })

  it("R16: anything else is a validation failure on `limit`", () => {
    const bad = fc.oneof(
      fc.constantFrom<unknown>("abc", 0, 201, 1.5, "1.5", "", " 5", "-1", "1e2", "0x10", -5, Number.NaN, Infinity, null, true, ["5"], {}),
      fc.integer().filter((n) => n < 1 || n > 200),
      fc.integer().filter((n) => n < 1 || n > 200).map(String),
      fc.double().filter((n) => !Number.isInteger(n) || n < 1 || n > 200),
      fc.string().filter((s) => !/^[0-9]+$/.test(s) || Number(s) < 1 || Number(s) > 200)
    )
    fc.assert(fc.property(bad, (limit) => {
      expect(decodeRequest({ limit })).toEqual(
        Result.fail(expect.objectContaining({ errors: [{ field: "limit", message: "must be a whole number from 1 to 200" }] }))
      )
    }))
  })
})

describe("PageRequest", () => {
  it("R16: limit and cursor are optional", () => {
    expect(decodeRequest({})).toEqual(Result.succeed({}))
    expect(decodeRequest({ limit: "20", cursor: "abc" })).toEqual(Result.succeed({ limit: 20, cursor: "abc" }))
  })

  it("R16: a page is items and a nullable next cursor", () => {
    const decode = Schema.decodeUnknownSync(Page(Schema.Number))
    expect(decode({ items: [1, 2], nextCursor: null })).toEqual({ items: [1, 2], nextCursor: null })
  })
})

describe("cursor", () => {
  it("R16: what encodeCursor makes, decodeCursor reads back", () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 4 }), (parts) => {
      const cursor = encodeCursor(parts)
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(decodeCursor(cursor, parts.length)).toEqual(Option.some(parts))
    }))
  })

  it("R16: a cursor of the wrong arity, or malformed, is None", () => {
    expect(decodeCursor(encodeCursor(["a", "b"]), 3)).toEqual(Option.none())
    const malformed = ["", "abc", "!!!!", "e30", encodeCursor(["a"]) + "=", btoa("[1,2]"), btoa("{\"a\":1}"), "_w"]
    for (const cursor of malformed) expect(decodeCursor(cursor, 2)).toEqual(Option.none())
    fc.assert(fc.property(fc.string(), fc.integer({ min: 0, max: 3 }), (cursor, arity) => {
      const decoded = decodeCursor(cursor, arity)
      expect(Option.getOrElse(Option.map(decoded, encodeCursor), () => cursor)).toBe(cursor)
    }))
  })
})

import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalJson, fingerprint, fingerprintText } from "./Fingerprint.js"

/** A small seeded generator, so a failing shuffle replays. */
const generator = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state
  }
}

/** Rebuilds every object of `value` with its keys in a shuffled (Fisher–Yates) order. */
const shuffleKeys = (value: unknown, next: () => number): unknown => {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, next))
  if (value === null || typeof value !== "object") return value
  const entries = Object.entries(value)
  for (let i = entries.length - 1; i > 0; i--) {
    const j = next() % (i + 1)
    ;[entries[i], entries[j]] = [entries[j]!, entries[i]!]
  }
  return Object.fromEntries(entries.map(([key, v]) => [key, shuffleKeys(v, next)]))
}

const digest = (text: string) => Effect.succeed(`digest(${text.length})`)

describe("R44: request fingerprints", () => {
  it("R44: canonical JSON sorts keys recursively and drops nothing significant", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } }))
      .toBe("{\"a\":{\"c\":\"x\",\"d\":[3,{\"y\":2,\"z\":1}]},\"b\":1}")
    expect(canonicalJson({ a: undefined, b: null })).toBe("{\"b\":null}")
    expect(canonicalJson(undefined)).toBe("null")
  })

  it("R44: canonical JSON is independent of key order", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
      expect(canonicalJson(shuffleKeys(value, generator(seed)))).toBe(canonicalJson(value))
    }))
  })

  it("R44: canonical JSON is valid JSON of the same value", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
    }))
  })

  it("R44: method, path and body all count; the method's case does not", () => {
    const base = { method: "POST", path: "/v1/admin/phone-balance/top-ups", body: { paymentMethod: "tok_visa" } }
    expect(fingerprintText({ ...base, method: "post" })).toBe(fingerprintText(base))
    expect(fingerprintText({ ...base, path: "/v1/other" })).not.toBe(fingerprintText(base))
    expect(fingerprintText({ ...base, body: { paymentMethod: "tok_chargeDeclined" } })).not.toBe(fingerprintText(base))
  })

  it("R44: the digest is the port's", () => {
    const text = fingerprintText({ method: "POST", path: "/p", body: {} })
    expect(Effect.runSync(fingerprint({ method: "POST", path: "/p", body: {} }, digest))).toBe(`digest(${text.length})`)
  })
})

import { DateTime, Duration } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ceilDiv, periodMillis, prorate, raiseAmount } from "./Proration.js"

const PERIOD_30_DAYS = 30 * 24 * 60 * 60 * 1000

describe("R43: proration of a seat raise", () => {
  it("R43: a whole period costs exactly seats × price; half a period rounds up to the minor unit", () => {
    expect(prorate({ addedSeats: 3, seatPrice: 45_000, remainingMillis: PERIOD_30_DAYS, periodMillis: PERIOD_30_DAYS }))
      .toBe(135_000)
    expect(prorate({ addedSeats: 1, seatPrice: 45_001, remainingMillis: PERIOD_30_DAYS / 2, periodMillis: PERIOD_30_DAYS }))
      .toBe(22_501)
    expect(prorate({ addedSeats: 1, seatPrice: 100, remainingMillis: 1, periodMillis: PERIOD_30_DAYS })).toBe(1)
  })

  it("R43: nothing remains, nothing is billed", () => {
    expect(prorate({ addedSeats: 5, seatPrice: 100, remainingMillis: 0, periodMillis: 1000 })).toBe(0)
    expect(prorate({ addedSeats: 5, seatPrice: 100, remainingMillis: -5, periodMillis: 1000 })).toBe(0)
  })

  it("R40: no floating-point error where a float product would drift", () => {
    // 25 × (7 / 25) is 7.000000000000001 in floating point, which would round up to 8.
    expect(25 * (7 / 25)).toBeGreaterThan(7)
    expect(prorate({ addedSeats: 1, seatPrice: 25, remainingMillis: 7, periodMillis: 25 })).toBe(7)
    // large values beyond 2^53 in the intermediate product stay exact
    expect(prorate({ addedSeats: 10_000, seatPrice: 9_000_000, remainingMillis: PERIOD_30_DAYS - 1, periodMillis: PERIOD_30_DAYS }))
      .toBe(89_999_999_966)
  })

  const input = fc.record({
    addedSeats: fc.integer({ min: 1, max: 10_000 }),
    seatPrice: fc.integer({ min: 1, max: 10_000_000 }),
    periodMillis: fc.integer({ min: 1, max: 400 * 24 * 60 * 60 * 1000 })
  }).chain((base) =>
    fc.record({
      addedSeats: fc.constant(base.addedSeats),
      seatPrice: fc.constant(base.seatPrice),
      periodMillis: fc.constant(base.periodMillis),
      remainingMillis: fc.integer({ min: 0, max: base.periodMillis })
    })
  )

  it("R43: proration never exceeds the full-period price of the added seats", () => {
    fc.assert(fc.property(input, (i) => {
      expect(prorate(i)).toBeLessThanOrEqual(i.addedSeats * i.seatPrice)
    }))
  })

  it("R43: proration is the exact fraction rounded UP: ≥ it, and less than one minor unit above it", () => {
    fc.assert(fc.property(input, (i) => {
      const amount = BigInt(prorate(i))
      const exact = BigInt(i.addedSeats) * BigInt(i.seatPrice) * BigInt(i.remainingMillis)
      const period = BigInt(i.periodMillis)
      expect(amount * period >= exact).toBe(true)
      expect((amount - 1n) * period < exact || amount === 0n).toBe(true)
    }))
  })

  it("R43: more remaining time never costs less (monotone)", () => {
    fc.assert(fc.property(input, fc.nat(), (i, extra) => {
      const more = Math.min(i.periodMillis, i.remainingMillis + extra)
      expect(prorate({ ...i, remainingMillis: more })).toBeGreaterThanOrEqual(prorate(i))
    }))
  })

  it("R40: ceilDiv is the integer ceiling", () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (a, b) => {
      const q = ceilDiv(a, b)
      expect(q * b >= a).toBe(true)
      expect((q - 1n) * b < a).toBe(true)
    }))
  })

  it("R43: raiseAmount prorates from now to the paid-through date", () => {
    const period = Duration.days(30)
    const now = DateTime.makeUnsafe("2025-01-01T00:00:00Z")
    const paidThrough = DateTime.makeUnsafe("2025-01-16T00:00:00Z")
    expect(raiseAmount(2, 45_000, now, paidThrough, period)).toBe(45_000)
    expect(raiseAmount(2, 45_000, paidThrough, now, period)).toBe(0)
    expect(periodMillis(period)).toBe(BigInt(PERIOD_30_DAYS))
  })
})

import { DateTime, Duration } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { extendPaidThrough, firstPeriod, nextPeriod } from "./Periods.js"

const period = Duration.days(30)
const grace = Duration.days(3)
const DAY = 24 * 60 * 60 * 1000
const at = (millis: number) => DateTime.makeUnsafe(millis)
const ms = DateTime.toEpochMillis
const T0 = Date.UTC(2025, 0, 1)

describe("R42: billing periods", () => {
  it("R42: the first invoice covers one period from its issue", () => {
    const p = firstPeriod(at(T0), period)
    expect(ms(p.start)).toBe(T0)
    expect(ms(p.end)).toBe(T0 + 30 * DAY)
  })

  it("R42: a group never paid renews with a new first invoice from now", () => {
    const next = nextPeriod({ paidThrough: null }, at(T0), period, grace)
    expect(next.kind).toBe("first")
    expect(ms(next.period.start)).toBe(T0)
  })

  it("R42: an active group (grace included) renews from its paid-through date", () => {
    const paidThrough = at(T0 + 10 * DAY)
    expect(ms(nextPeriod({ paidThrough }, at(T0), period, grace).period.start)).toBe(T0 + 10 * DAY)
    // in grace: now after paid-through, before paid-through + grace
    const inGrace = nextPeriod({ paidThrough }, at(T0 + 12 * DAY), period, grace)
    expect(inGrace.kind).toBe("renewal")
    expect(ms(inGrace.period.start)).toBe(T0 + 10 * DAY)
  })

  it("R42: a suspended group renews from now", () => {
    const now = at(T0 + 20 * DAY)
    const next = nextPeriod({ paidThrough: at(T0) }, now, period, grace)
    expect(next.kind).toBe("renewal")
    expect(ms(next.period.start)).toBe(T0 + 20 * DAY)
    expect(ms(next.period.end)).toBe(T0 + 50 * DAY)
  })

  it("R42: periods are contiguous across renewals paid one at a time (prepaying several)", () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 29 * DAY }), { minLength: 1, maxLength: 12 }),
      (waits) => {
        // Register at T0, pay the first invoice at once, then renew and pay
        // again after each wait, never letting the group lapse.
        let now = T0
        let paidThrough: DateTime.Utc | null = null
        const first = nextPeriod({ paidThrough }, at(now), period, grace)
        paidThrough = extendPaidThrough(paidThrough, first.period.end)
        let previousEnd = first.period.end
        for (const wait of waits) {
          now = Math.min(now + wait, ms(paidThrough))
          const next = nextPeriod({ paidThrough }, at(now), period, grace)
          expect(next.kind).toBe("renewal")
          expect(ms(next.period.start)).toBe(ms(previousEnd))
          expect(ms(next.period.end) - ms(next.period.start)).toBe(30 * DAY)
          paidThrough = extendPaidThrough(paidThrough, next.period.end)
          previousEnd = next.period.end
        }
        expect(ms(paidThrough)).toBe(T0 + 30 * DAY * (waits.length + 1))
      }
    ))
  })

  it("R42: paying never moves the paid-through date backwards", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (a, b) => {
      expect(ms(extendPaidThrough(at(a), at(b)))).toBe(Math.max(a, b))
      expect(ms(extendPaidThrough(null, at(b)))).toBe(b)
    }))
  })
})

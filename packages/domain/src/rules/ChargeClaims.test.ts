import { DateTime, Duration, Effect, Exit, Option } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { IdempotencyRecord } from "../model/Idempotency.js"
import type { GroupAdminId, InvoiceId, PaymentId } from "../values/Ids.js"
import { decideClaim, mayVoid } from "./ChargeClaims.js"
import { decideKey } from "./Idempotency.js"

const at = (millis: number) => DateTime.makeUnsafe(millis)
const timeout = Duration.minutes(2)
const TIMEOUT = 2 * 60 * 1000
const invoiceId = "00000000-0000-7000-8000-000000000001" as InvoiceId
const fresh = { chargeKey: "fresh", paymentMethod: "tok_visa" }

describe("R44: charge claims", () => {
  it("R44: an unclaimed invoice gets a fresh claim with a fresh chargeKey", () => {
    const claimed = Effect.runSync(decideClaim(Option.none(), invoiceId, fresh, at(0), timeout))
    expect(claimed).toEqual({
      claim: { invoiceId, chargeKey: "fresh", paymentMethod: "tok_visa", claimedAt: at(0) },
      takenOver: false
    })
  })

  it("R44: a live claim makes another payment lose; a stale one is taken over with the same chargeKey", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * TIMEOUT }), (elapsed) => {
      const existing = Option.some({ invoiceId, chargeKey: "first-key", paymentMethod: "tok_visa", claimedAt: at(1000) })
      const exit = Effect.runSyncExit(decideClaim(existing, invoiceId, fresh, at(1000 + elapsed), timeout))
      if (elapsed < TIMEOUT) {
        expect(Exit.isFailure(exit)).toBe(true)
        expect(mayVoid(existing, at(1000 + elapsed), timeout)).toBe(false)
      } else {
        if (!Exit.isSuccess(exit)) throw new Error("expected a takeover")
        expect(exit.value.claim.chargeKey).toBe("first-key")
        expect(exit.value.takenOver).toBe(true)
        expect(mayVoid(existing, at(1000 + elapsed), timeout)).toBe(true)
      }
    }))
  })
})

describe("R44: the charge a claim holds", () => {
  it("R44: a takeover repeats the original charge: its chargeKey and payment method, whatever the new request brings", () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (key, method, newKey, newMethod) => {
      const existing = Option.some({ invoiceId, chargeKey: key, paymentMethod: method, claimedAt: at(0) })
      const claimed = Effect.runSync(
        decideClaim(existing, invoiceId, { chargeKey: newKey, paymentMethod: newMethod }, at(TIMEOUT), timeout)
      )
      expect(claimed).toEqual({
        claim: { invoiceId, chargeKey: key, paymentMethod: method, claimedAt: at(TIMEOUT) },
        takenOver: true
      })
      const first = Effect.runSync(
        decideClaim(Option.none(), invoiceId, { chargeKey: newKey, paymentMethod: newMethod }, at(0), timeout)
      )
      expect(first.claim).toMatchObject({ chargeKey: newKey, paymentMethod: newMethod })
    }))
  })
})

const record = (fingerprint: string, done: boolean, createdAt = 0): IdempotencyRecord => ({
  accountId: "00000000-0000-7000-8000-00000000000a" as GroupAdminId,
  key: "k",
  fingerprint,
  outcome: done
    ? { status: "declined", paymentId: "00000000-0000-7000-8000-00000000000b" as PaymentId, invoiceId }
    : null,
  createdAt: at(createdAt),
  expiresAt: at(createdAt + 24 * 60 * 60 * 1000)
})

const tagOf = (exit: Exit.Exit<{ readonly _tag: string }, { readonly _tag: string }>): string => {
  if (Exit.isSuccess(exit)) return exit.value._tag
  const error = Exit.findErrorOption(exit)
  return error._tag === "Some" ? error.value._tag : "defect"
}

const decide = (existing: Option.Option<IdempotencyRecord>, fp: string, now: number) =>
  tagOf(Effect.runSyncExit(decideKey(existing, fp, at(now), timeout)))

describe("R44: idempotency keys", () => {
  it("R44: a new key proceeds; the same request replays its outcome, a decline included", () => {
    expect(decide(Option.none(), "fp", 0)).toBe("Proceed")
    expect(decide(Option.some(record("fp", true)), "fp", 1000)).toBe("Replay")
  })

  it("R44: the same key with another request is refused, finished or not", () => {
    expect(decide(Option.some(record("fp", true)), "other", 1000)).toBe("idempotency-key-reuse")
    expect(decide(Option.some(record("fp", false)), "other", 1000)).toBe("idempotency-key-reuse")
  })

  it("R44: the same key while the first is running is in flight; once stale it proceeds again", () => {
    expect(decide(Option.some(record("fp", false)), "fp", TIMEOUT - 1)).toBe("idempotency-key-in-flight")
    expect(decide(Option.some(record("fp", false)), "fp", TIMEOUT)).toBe("Proceed")
  })

  it("R44: a key is kept 24 hours; after that it is as new", () => {
    expect(decide(Option.some(record("fp", true)), "other", 24 * 60 * 60 * 1000)).toBe("Proceed")
  })
})

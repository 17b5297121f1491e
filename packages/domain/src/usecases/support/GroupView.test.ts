import { DateTime } from "effect"
import { describe, expect, it } from "vitest"
import type { Invoice } from "../../model/Billing.js"
import { pendingSeatsOf } from "./GroupView.js"

const at = (iso: string) => DateTime.makeUnsafe(iso)
const now = at("2025-03-10T00:00:00Z")

const invoice = (fields: Partial<Invoice>): Invoice => ({
  id: "0190a6c4-0000-7000-8000-000000000001",
  groupId: "0190a6c4-0000-7000-8000-000000000002",
  kind: "seats",
  status: "open",
  amount: { amount: 100, currency: "RUB" },
  seats: 3,
  periodStart: at("2025-03-01T00:00:00Z"),
  periodEnd: at("2025-03-31T00:00:00Z"),
  issuedAt: at("2025-03-05T00:00:00Z"),
  paidAt: null,
  ...fields
}) as Invoice

describe("Group info: pending seats (R17, R43)", () => {
  it("R43: an open seats invoice still in its period shows the total the group gets once paid", () => {
    expect(pendingSeatsOf({ seats: 5 }, [invoice({})], now)).toBe(8)
  })

  it("R43: without an open, live seats invoice there are no pending seats", () => {
    expect(pendingSeatsOf({ seats: 5 }, [], now)).toBeNull()
    expect(pendingSeatsOf({ seats: 5 }, [invoice({ kind: "renewal" })], now)).toBeNull()
    expect(pendingSeatsOf({ seats: 5 }, [invoice({ status: "paid" })], now)).toBeNull()
    expect(pendingSeatsOf({ seats: 5 }, [invoice({ periodEnd: now })], now)).toBeNull()
  })

  it("R43: the newest raise counts", () => {
    const older = invoice({ seats: 2, issuedAt: at("2025-03-02T00:00:00Z") })
    const newer = invoice({ seats: 7, issuedAt: at("2025-03-06T00:00:00Z") })
    expect(pendingSeatsOf({ seats: 5 }, [newer, older], now)).toBe(12)
    expect(pendingSeatsOf({ seats: 5 }, [older, newer], now)).toBe(12)
  })
})

/**
 * What the billing suites share: groups registered through the use case, a
 * fresh idempotency key per payment, and times read as millis since the
 * controlled clock's start (every world starts there).
 */
import { type AdminPrincipal, payInvoice, registerGroup } from "@corporate-groups/domain"
import { DateTime, Effect } from "effect"
import { DEFAULT_START } from "../../ControlledClock.js"
import { PASSWORD, SESSION } from "./Fixtures.js"

export const DAY = 24 * 60 * 60 * 1000
export const PRICE = 45_000

/** Millis since the world's start. */
export const ms = (at: DateTime.Utc | null) => (at === null ? null : DateTime.toEpochMillis(at) - DEFAULT_START)

let registrations = 0
export const groupInput = (seats = 10, email?: string) => ({
  name: "Acme",
  seats,
  admin: {
    email: email ?? `boss${++registrations}@example.com`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD
  }
})

/** A registered group and its admin, signed in. */
export const setUp = Effect.fnUntraced(function*(seats = 10) {
  const registered = yield* registerGroup(groupInput(seats))
  const admin: AdminPrincipal = {
    kind: "group-admin",
    adminId: registered.admin.id,
    groupId: registered.group.id,
    sessionId: SESSION
  }
  return { registered, admin }
})

let keys = 0
export const key = () => `key-${++keys}`
export const VISA = { paymentMethod: "tok_visa" }
export const DECLINED = { paymentMethod: "tok_chargeDeclined" }

export const payFirst = Effect.fnUntraced(function*(admin: AdminPrincipal, invoiceId: string) {
  return yield* payInvoice(admin, invoiceId, VISA, key())
})

let members = 0
export const memberInput = () => {
  const n = ++members
  return {
    trueconfId: `member${n}`,
    email: `member${n}@example.com`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    firstName: "Anna",
    lastName: `Ivanova${n}`,
    country: "ru"
  }
}

/** The fields a `validation-failed` names, in order. */
export const fieldsOf = (error: unknown): ReadonlyArray<string> =>
  (error as { errors?: ReadonlyArray<{ field: string }> }).errors?.map((e) => e.field) ?? []

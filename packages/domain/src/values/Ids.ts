/**
 * Branded identifiers (R1): a `UserId` can never stand where a `GroupAdminId`
 * is expected. Ids are UUID version 7 strings made by `Ids.next` from the
 * Clock and the Entropy port, so they sort by creation time (index locality)
 * and compare as strings (R16's tie-break).
 */
import { Schema } from "effect"

const Uuid = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: "must be an id"
  }))
)

export const UserId = Uuid.pipe(Schema.brand("UserId"))
export type UserId = typeof UserId.Type
export const GroupAdminId = Uuid.pipe(Schema.brand("GroupAdminId"))
export type GroupAdminId = typeof GroupAdminId.Type
export const GroupId = Uuid.pipe(Schema.brand("GroupId"))
export type GroupId = typeof GroupId.Type
export const InvoiceId = Uuid.pipe(Schema.brand("InvoiceId"))
export type InvoiceId = typeof InvoiceId.Type
export const PaymentId = Uuid.pipe(Schema.brand("PaymentId"))
export type PaymentId = typeof PaymentId.Type
export const SessionId = Uuid.pipe(Schema.brand("SessionId"))
export type SessionId = typeof SessionId.Type
export const PhoneCallId = Uuid.pipe(Schema.brand("PhoneCallId"))
export type PhoneCallId = typeof PhoneCallId.Type
export const EventId = Uuid.pipe(Schema.brand("EventId"))
export type EventId = typeof EventId.Type

export type AccountId = UserId | GroupAdminId

/** Two lower-case hex digits per byte value: every event, session and row id is formatted with it. */
const HEX: ReadonlyArray<string> = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"))

/** Formats 16 bytes as a UUIDv7: 48 bits of milliseconds, then random bits. */
export const uuidV7 = (millis: number, random: Uint8Array): string => {
  const bytes = new Uint8Array(16)
  bytes.set(random.subarray(0, 16))
  let ms = Math.max(0, Math.floor(millis))
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256
    ms = Math.floor(ms / 256)
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f)
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  let text = ""
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += "-"
    text += HEX[bytes[i]!]
  }
  return text
}

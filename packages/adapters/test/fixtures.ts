/**
 * Rows for the store tests. They are built directly (not through the use
 * cases) because these tests check the store's own guarantees, and brands are
 * asserted because decoding is the domain's business, tested there.
 */
import {
  type AuditEntry,
  type Country,
  type Currency,
  type DomainEvent,
  type Email,
  type EventId,
  type Group,
  type GroupAdmin,
  type GroupAdminId,
  type GroupId,
  type GroupName,
  type Invoice,
  type InvoiceId,
  type Language,
  type Membership,
  type PasswordHash,
  type Payment,
  type PaymentId,
  type PersonName,
  type Session,
  type SessionId,
  type TrueconfId,
  type User,
  type UserId,
  uuidV7
} from "@corporate-groups/domain"
import { DateTime } from "effect"

let counter = 0
/** Distinct, valid UUIDv7 strings whose order is creation order, like the domain's. */
export const id = <Id extends string>(): Id => {
  counter++
  const random = new Uint8Array(16)
  new DataView(random.buffer).setUint32(12, counter)
  return uuidV7(1_700_000_000_000 + counter, random) as Id
}

export const at = (millis = 1_700_000_000_000): DateTime.Utc => DateTime.makeUnsafe(millis)
const RUB = "RUB" as Currency

export const user = (over: Partial<User> = {}): User => {
  const userId = over.id ?? id<UserId>()
  const login = `u${userId.slice(-12)}`
  return {
    kind: "user",
    id: userId,
    trueconfId: `${login}@t.trueconf.com` as TrueconfId,
    email: `${login}@example.com` as Email,
    passwordHash: "scrypt$fake" as PasswordHash,
    createdAt: at(),
    firstName: "Anna" as PersonName,
    lastName: "Ivanova" as PersonName,
    country: "RU" as Country,
    language: "en" as Language,
    productNews: false,
    researchBulletin: false,
    ...over
  }
}

export const admin = (groupId: GroupId, over: Partial<GroupAdmin> = {}): GroupAdmin => ({
  kind: "group-admin",
  id: id<GroupAdminId>(),
  groupId,
  email: `admin-${counter}@example.com` as Email,
  passwordHash: "scrypt$fake" as PasswordHash,
  createdAt: at(),
  ...over
})

export const group = (over: Partial<Group> = {}): Group => {
  const groupId = over.id ?? id<GroupId>()
  return {
    id: groupId,
    name: "Acme" as GroupName,
    seats: 10,
    members: 0,
    paidThrough: null,
    code: { lookupHash: `hash-${groupId}`, sealed: `sealed-${groupId}` },
    phoneBalance: { amount: 0, currency: RUB },
    createdAt: at(),
    ...over
  }
}

export const membership = (userId: UserId, groupId: GroupId): Membership => ({ userId, groupId, joinedAt: at() })

export const invoice = (groupId: GroupId, over: Partial<Invoice> = {}): Invoice => ({
  id: id<InvoiceId>(),
  groupId,
  kind: "first",
  status: "open",
  amount: { amount: 45_000, currency: RUB },
  seats: 1,
  periodStart: at(),
  periodEnd: at(1_700_000_000_000 + 30 * 86_400_000),
  issuedAt: at(),
  paidAt: null,
  ...over
})

export const payment = (invoiceOf: Invoice, over: Partial<Payment> = {}): Payment => ({
  id: id<PaymentId>(),
  invoiceId: invoiceOf.id,
  groupId: invoiceOf.groupId,
  status: "succeeded",
  amount: invoiceOf.amount,
  gatewayReference: "sim_ch_1",
  failureReason: null,
  createdAt: at(),
  ...over
})

export const session = (accountId: UserId | GroupAdminId, over: Partial<Session> = {}): Session => ({
  id: id<SessionId>(),
  tokenHash: `token-${counter}`,
  accountId,
  accountKind: "user",
  client: "app",
  createdAt: at(),
  expiresAt: at(1_800_000_000_000),
  ...over
})

export const event = (groupId: GroupId | null): DomainEvent => ({
  id: id<EventId>(),
  type: "MemberJoined",
  groupId,
  at: at(),
  actor: null,
  target: null,
  payload: {}
})

export const auditEntry = (groupId: GroupId): AuditEntry => ({
  id: id<EventId>(),
  groupId,
  at: at(),
  actor: { kind: "user", id: "someone" },
  action: "member-joined",
  target: null
})

export const name = (value: string): PersonName => value as PersonName

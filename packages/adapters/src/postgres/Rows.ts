/**
 * Rows to domain values and back. The database holds only what the domain
 * wrote, so brands are asserted here rather than decoded again; the values
 * were validated once, on their way in (the domain's Schemas).
 */
import type {
  AccountRef,
  AuditEntry,
  ChargeClaim,
  Country,
  Currency,
  DomainEvent,
  EventId,
  EventType,
  Group,
  GroupAdmin,
  GroupAdminId,
  GroupId,
  GroupName,
  IdempotencyRecord,
  Invoice,
  InvoiceId,
  InvoiceKind,
  InvoiceStatus,
  Language,
  PasswordHash,
  Payment,
  PaymentId,
  PaymentStatus,
  PersonName,
  PhoneCall,
  PhoneCallId,
  PhoneNumber,
  Session,
  SessionId,
  Target,
  TrueconfId,
  User,
  UserId,
  AccountId,
  Email,
  Membership,
  ChargeOutcome
} from "@corporate-groups/domain"
import type { Insertable, Selectable } from "kysely"
import { fromInt8, fromNullableTimestamp, fromTimestamp, toJson, toNullableJson, toNullableTimestamp, toTimestamp } from "./Codec.js"
import type {
  AdminsTable,
  AuditTable,
  ChargeClaimsTable,
  GroupsTable,
  IdempotencyTable,
  InvoicesTable,
  MembershipsTable,
  OutboxTable,
  PaymentsTable,
  PhoneCallsTable,
  SessionsTable,
  UsersTable
} from "./Database.js"

const money = (amount: string | number | bigint, currency: string) => ({
  amount: fromInt8(amount),
  currency: currency as Currency
})

export const userRow = (user: User): Insertable<UsersTable> => ({
  id: user.id,
  trueconf_id: user.trueconfId,
  email: user.email,
  password_hash: user.passwordHash,
  first_name: user.firstName,
  last_name: user.lastName,
  country: user.country,
  language: user.language,
  product_news: user.productNews,
  research_bulletin: user.researchBulletin,
  created_at: toTimestamp(user.createdAt)
})

export const userOf = (row: Selectable<UsersTable>): User => ({
  kind: "user",
  id: row.id as UserId,
  trueconfId: row.trueconf_id as TrueconfId,
  email: row.email as Email,
  passwordHash: row.password_hash as PasswordHash,
  createdAt: fromTimestamp(row.created_at),
  firstName: row.first_name as PersonName,
  lastName: row.last_name as PersonName,
  country: row.country as Country,
  language: row.language as Language,
  productNews: row.product_news,
  researchBulletin: row.research_bulletin
})

export const adminRow = (admin: GroupAdmin): Insertable<AdminsTable> => ({
  id: admin.id,
  group_id: admin.groupId,
  email: admin.email,
  password_hash: admin.passwordHash,
  created_at: toTimestamp(admin.createdAt)
})

export const adminOf = (row: Selectable<AdminsTable>): GroupAdmin => ({
  kind: "group-admin",
  id: row.id as GroupAdminId,
  groupId: row.group_id as GroupId,
  email: row.email as Email,
  passwordHash: row.password_hash as PasswordHash,
  createdAt: fromTimestamp(row.created_at)
})

export const groupRow = (group: Group): Insertable<GroupsTable> => ({
  id: group.id,
  name: group.name,
  seats: group.seats,
  members: group.members,
  paid_through: toNullableTimestamp(group.paidThrough),
  code_lookup_hash: group.code.lookupHash,
  code_sealed: group.code.sealed,
  phone_balance: group.phoneBalance.amount,
  currency: group.phoneBalance.currency,
  created_at: toTimestamp(group.createdAt)
})

export const groupOf = (row: Selectable<GroupsTable>): Group => ({
  id: row.id as GroupId,
  name: row.name as GroupName,
  seats: row.seats,
  members: row.members,
  paidThrough: fromNullableTimestamp(row.paid_through),
  code: { lookupHash: row.code_lookup_hash, sealed: row.code_sealed },
  phoneBalance: money(row.phone_balance, row.currency),
  createdAt: fromTimestamp(row.created_at)
})

export const membershipOf = (row: Pick<Selectable<MembershipsTable>, "user_id" | "group_id" | "joined_at">): Membership => ({
  userId: row.user_id as UserId,
  groupId: row.group_id as GroupId,
  joinedAt: fromTimestamp(row.joined_at)
})

export const invoiceRow = (invoice: Invoice): Insertable<InvoicesTable> => ({
  id: invoice.id,
  group_id: invoice.groupId,
  kind: invoice.kind,
  status: invoice.status,
  amount: invoice.amount.amount,
  currency: invoice.amount.currency,
  seats: invoice.seats,
  period_start: toNullableTimestamp(invoice.periodStart),
  period_end: toNullableTimestamp(invoice.periodEnd),
  issued_at: toTimestamp(invoice.issuedAt),
  paid_at: toNullableTimestamp(invoice.paidAt)
})

export const invoiceOf = (row: Selectable<InvoicesTable>): Invoice => ({
  id: row.id as InvoiceId,
  groupId: row.group_id as GroupId,
  kind: row.kind as InvoiceKind,
  status: row.status as InvoiceStatus,
  amount: money(row.amount, row.currency),
  seats: row.seats,
  periodStart: fromNullableTimestamp(row.period_start),
  periodEnd: fromNullableTimestamp(row.period_end),
  issuedAt: fromTimestamp(row.issued_at),
  paidAt: fromNullableTimestamp(row.paid_at)
})

export const chargeClaimOf = (row: Selectable<ChargeClaimsTable>): ChargeClaim => ({
  invoiceId: row.invoice_id as InvoiceId,
  chargeKey: row.charge_key,
  paymentMethod: row.payment_method,
  claimedAt: fromTimestamp(row.claimed_at)
})

export const paymentRow = (payment: Payment): Insertable<PaymentsTable> => ({
  id: payment.id,
  invoice_id: payment.invoiceId,
  group_id: payment.groupId,
  status: payment.status,
  amount: payment.amount.amount,
  currency: payment.amount.currency,
  gateway_reference: payment.gatewayReference,
  failure_reason: payment.failureReason,
  created_at: toTimestamp(payment.createdAt)
})

export const paymentOf = (row: Selectable<PaymentsTable>): Payment => ({
  id: row.id as PaymentId,
  invoiceId: row.invoice_id as InvoiceId,
  groupId: row.group_id as GroupId,
  status: row.status as PaymentStatus,
  amount: money(row.amount, row.currency),
  gatewayReference: row.gateway_reference,
  failureReason: row.failure_reason,
  createdAt: fromTimestamp(row.created_at)
})

export const idempotencyRow = (record: IdempotencyRecord, keyHash: string): Insertable<IdempotencyTable> => ({
  account_id: record.accountId,
  key_hash: keyHash,
  fingerprint: record.fingerprint,
  outcome_status: record.outcome?.status ?? null,
  outcome_payment_id: record.outcome?.paymentId ?? null,
  outcome_invoice_id: record.outcome?.invoiceId ?? null,
  created_at: toTimestamp(record.createdAt),
  expires_at: toTimestamp(record.expiresAt)
})

const outcomeOf = (row: Selectable<IdempotencyTable>): ChargeOutcome | null =>
  row.outcome_status === null || row.outcome_payment_id === null || row.outcome_invoice_id === null
    ? null
    : {
      status: row.outcome_status as ChargeOutcome["status"],
      paymentId: row.outcome_payment_id as PaymentId,
      invoiceId: row.outcome_invoice_id as InvoiceId
    }

/** `key` is the caller's: the table keeps only its hash. */
export const idempotencyOf = (row: Selectable<IdempotencyTable>, key: string): IdempotencyRecord => ({
  accountId: row.account_id as AccountId,
  key,
  fingerprint: row.fingerprint,
  outcome: outcomeOf(row),
  createdAt: fromTimestamp(row.created_at),
  expiresAt: fromTimestamp(row.expires_at)
})

export const sessionRow = (session: Session): Insertable<SessionsTable> => ({
  id: session.id,
  token_hash: session.tokenHash,
  account_id: session.accountId,
  account_kind: session.accountKind,
  client: session.client,
  created_at: toTimestamp(session.createdAt),
  expires_at: toTimestamp(session.expiresAt)
})

export const sessionOf = (row: Selectable<SessionsTable>): Session => ({
  id: row.id as SessionId,
  tokenHash: row.token_hash,
  accountId: row.account_id as AccountId,
  accountKind: row.account_kind as Session["accountKind"],
  client: row.client as Session["client"],
  createdAt: fromTimestamp(row.created_at),
  expiresAt: fromTimestamp(row.expires_at)
})

export const phoneCallRow = (call: PhoneCall): Insertable<PhoneCallsTable> => ({
  id: call.id,
  group_id: call.groupId,
  user_id: call.userId,
  phone_number: call.phoneNumber,
  minutes: call.minutes,
  cost: call.cost.amount,
  currency: call.cost.currency,
  at: toTimestamp(call.at)
})

export const phoneCallOf = (row: Selectable<PhoneCallsTable>): PhoneCall => ({
  id: row.id as PhoneCallId,
  groupId: row.group_id as GroupId,
  userId: row.user_id as UserId,
  phoneNumber: row.phone_number as PhoneNumber,
  minutes: row.minutes,
  cost: money(row.cost, row.currency),
  at: fromTimestamp(row.at)
})

export const outboxRow = (event: DomainEvent): Insertable<OutboxTable> => ({
  event_id: event.id,
  type: event.type,
  group_id: event.groupId,
  at: toTimestamp(event.at),
  actor: toNullableJson(event.actor),
  target: toNullableJson(event.target),
  payload: toJson(event.payload)
})

export const eventOf = (row: Selectable<OutboxTable>): DomainEvent => ({
  id: row.event_id as EventId,
  type: row.type as EventType,
  groupId: row.group_id as GroupId | null,
  at: fromTimestamp(row.at),
  actor: row.actor as AccountRef | null,
  target: row.target as Target | null,
  payload: row.payload as Readonly<Record<string, unknown>>
})

export const auditRow = (entry: AuditEntry): Insertable<AuditTable> => ({
  id: entry.id,
  group_id: entry.groupId,
  at: toTimestamp(entry.at),
  actor: toJson(entry.actor),
  action: entry.action,
  target: toNullableJson(entry.target)
})

export const auditEntryOf = (row: Selectable<AuditTable>): AuditEntry => ({
  id: row.id as EventId,
  groupId: row.group_id as GroupId,
  at: fromTimestamp(row.at),
  actor: row.actor as AccountRef,
  action: row.action,
  target: row.target as Target | null
})

export const positioned = <A>(position: string | number | bigint, item: A) => ({ position: fromInt8(position), item })

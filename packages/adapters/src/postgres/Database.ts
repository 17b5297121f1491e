/**
 * The tables as the queries see them (kysely's typed schema). Migrations do
 * not use these types (they are frozen in time); the queries do, so a column
 * renamed by a migration fails the build here instead of at run time.
 *
 * Values are written in the form both drivers accept unchanged: times as ISO
 * strings (UTC, milliseconds), JSON as text. Reads differ per driver (`pg`
 * returns int8 as a string, PGlite as a number), so read types stay loose and
 * Codec.ts turns them into domain values in one place.
 */
import type { ColumnType, Generated } from "kysely"

/** Read as a Date (both drivers parse timestamptz), written and compared as an ISO string. */
export type Timestamp = ColumnType<Date | string, string, string>
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>
/** int8: a string from `pg`, a number from PGlite; written as a number. */
export type Int8 = ColumnType<string | number | bigint, number, number>
export type Position = ColumnType<string | number | bigint, never, never>
/** jsonb: parsed on read by both drivers, written as JSON text. */
export type Json = ColumnType<unknown, string, string>
export type NullableJson = ColumnType<unknown, string | null, string | null>

export interface GroupsTable {
  id: string
  name: string
  seats: number
  members: number
  paid_through: NullableTimestamp
  code_lookup_hash: string
  code_sealed: string
  phone_balance: Int8
  currency: string
  created_at: Timestamp
}

export interface AccountEmailsTable {
  email: string
  account_id: string
  kind: "user" | "group-admin"
}

export interface UsersTable {
  id: string
  trueconf_id: string
  email: string
  password_hash: string
  first_name: string
  last_name: string
  country: string
  language: string
  product_news: boolean
  research_bulletin: boolean
  created_at: Timestamp
}

export interface AdminsTable {
  id: string
  group_id: string
  email: string
  password_hash: string
  created_at: Timestamp
}

export interface MembershipsTable {
  user_id: string
  group_id: string
  joined_at: Timestamp
  sort_last: string
  sort_first: string
}

export interface InvoicesTable {
  id: string
  position: Position
  group_id: string
  kind: string
  status: string
  amount: Int8
  currency: string
  seats: number
  period_start: NullableTimestamp
  period_end: NullableTimestamp
  issued_at: Timestamp
  paid_at: NullableTimestamp
}

export interface ChargeClaimsTable {
  invoice_id: string
  group_id: string
  charge_key: string
  payment_method: string
  claimed_at: Timestamp
}

export interface PaymentsTable {
  id: string
  position: Position
  invoice_id: string
  group_id: string
  status: string
  amount: Int8
  currency: string
  gateway_reference: string | null
  failure_reason: string | null
  created_at: Timestamp
}

export interface IdempotencyTable {
  account_id: string
  key_hash: string
  fingerprint: string
  outcome_status: string | null
  outcome_payment_id: string | null
  outcome_invoice_id: string | null
  created_at: Timestamp
  expires_at: Timestamp
}

export interface SessionsTable {
  id: string
  token_hash: string
  account_id: string
  account_kind: string
  client: string
  created_at: Timestamp
  expires_at: Timestamp
}

export interface PhoneCallsTable {
  id: string
  group_id: string
  user_id: string
  phone_number: string
  minutes: number
  cost: Int8
  currency: string
  at: Timestamp
}

export interface OutboxTable {
  id: Position
  event_id: string
  type: string
  group_id: string | null
  at: Timestamp
  actor: NullableJson
  target: NullableJson
  payload: Json
  tx_id: Generated<string>
}

export interface AuditTable {
  id: string
  position: Position
  group_id: string
  at: Timestamp
  actor: Json
  action: string
  target: NullableJson
}

export interface ThrottleFailuresTable {
  id: Position
  key_hash: string
  at: Timestamp
}

export interface Database {
  groups: GroupsTable
  account_emails: AccountEmailsTable
  users: UsersTable
  admins: AdminsTable
  memberships: MembershipsTable
  invoices: InvoicesTable
  charge_claims: ChargeClaimsTable
  payments: PaymentsTable
  idempotency: IdempotencyTable
  sessions: SessionsTable
  phone_calls: PhoneCallsTable
  outbox: OutboxTable
  audit: AuditTable
  throttle_failures: ThrottleFailuresTable
}

/** Every table, children before parents: the order to empty them in. */
export const TABLES = [
  "throttle_failures",
  "audit",
  "outbox",
  "phone_calls",
  "sessions",
  "idempotency",
  "payments",
  "charge_claims",
  "invoices",
  "memberships",
  "admins",
  "users",
  "account_emails",
  "groups"
] as const satisfies ReadonlyArray<keyof Database>

/** The list of every column of `T`, checked by the compiler to miss none. */
const every = <T>() => <const C extends ReadonlyArray<keyof T & string>>(
  ...columns: C & ([Exclude<keyof T, C[number]>] extends [never] ? unknown : "a column is missing")
): C => columns

/**
 * Every column of the tables read whole, by name: reads name their columns
 * rather than `select *`, because the store's statements are prepared
 * (SqlConnections.ts), and a prepared `select *` fails once a migration adds
 * a column while a host keeps running.
 */
export const COLUMNS = {
  groups: every<GroupsTable>()(
    "id", "name", "seats", "members", "paid_through", "code_lookup_hash", "code_sealed", "phone_balance", "currency",
    "created_at"
  ),
  users: every<UsersTable>()(
    "id", "trueconf_id", "email", "password_hash", "first_name", "last_name", "country", "language", "product_news",
    "research_bulletin", "created_at"
  ),
  admins: every<AdminsTable>()("id", "group_id", "email", "password_hash", "created_at"),
  invoices: every<InvoicesTable>()(
    "id", "position", "group_id", "kind", "status", "amount", "currency", "seats", "period_start", "period_end",
    "issued_at", "paid_at"
  ),
  charge_claims: every<ChargeClaimsTable>()("invoice_id", "group_id", "charge_key", "payment_method", "claimed_at"),
  payments: every<PaymentsTable>()(
    "id", "position", "invoice_id", "group_id", "status", "amount", "currency", "gateway_reference", "failure_reason",
    "created_at"
  ),
  idempotency: every<IdempotencyTable>()(
    "account_id", "key_hash", "fingerprint", "outcome_status", "outcome_payment_id", "outcome_invoice_id", "created_at",
    "expires_at"
  ),
  sessions: every<SessionsTable>()("id", "token_hash", "account_id", "account_kind", "client", "created_at", "expires_at"),
  audit: every<AuditTable>()("id", "position", "group_id", "at", "actor", "action", "target")
} as const

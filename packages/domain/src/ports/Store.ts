/**
 * The store port. Atomicity is a port (DESIGN.md): a use case runs inside
 * `Store.transaction`, loads what it needs (`lock: true` where it will write
 * based on what it read), decides with the pure rules, writes, appends its
 * events and audit entries, and commits, or leaves nothing at all.
 *
 * Invariants every adapter keeps:
 * - `transaction` is all-or-nothing: when `f` fails, no write of it is visible,
 *   ever. Transactions behave as if serialized for the rows they lock.
 * - A transaction that conflicts with another one (serialization failure,
 *   deadlock, a unique key taken by a concurrent commit) is retried from the
 *   start a bounded number of times, so `f` must be free of outside effects.
 * - Lost connections and exhausted retries surface as `Unavailable`, never
 *   as a hang or a defect, with nothing half-done.
 * - Calls of one transaction made at once (`Effect.all` with concurrency)
 *   take effect in the order they were made: a use case asks for the rows
 *   it will lock together, in its lock order, and an adapter may send them
 *   in one round trip.
 * - Adapters store, load and lock; they never decide a rule. Orders are given
 *   here: the members order is `memberOrder` (rules/MemberOrder.ts), and
 *   positioned lists are newest first by their store-assigned `position`.
 */
import { Context, type Effect, type Option } from "effect"
import type { Unavailable } from "../errors/DomainErrors.js"
import type { Account, GroupAdmin, User } from "../model/Accounts.js"
import type { ChargeClaim, Invoice, Payment } from "../model/Billing.js"
import type { AuditEntry, DomainEvent } from "../model/Events.js"
import type { Group } from "../model/Group.js"
import type { IdempotencyRecord } from "../model/Idempotency.js"
import type { Member, Membership } from "../model/Membership.js"
import type { PhoneCall } from "../model/PhoneCall.js"
import type { Session } from "../model/Session.js"
import type { MemberKey } from "../rules/MemberOrder.js"
import type { Email } from "../values/Email.js"
import type { AccountId, GroupAdminId, GroupId, InvoiceId, PaymentId, SessionId, UserId } from "../values/Ids.js"
import type { TrueconfId } from "../values/TrueconfId.js"

export interface LockOption {
  /** Lock the row for the rest of the transaction (`SELECT … FOR UPDATE`). */
  readonly lock?: boolean
}

/** A row of a newest-first list with the position the store gave it on insert. */
export interface Positioned<A> {
  readonly position: number
  readonly item: A
}

export interface NewestFirst {
  /** Only rows older than this position; null for the first page. */
  readonly before: number | null
  readonly limit: number
}

export interface Tx {
  readonly accounts: {
    /** R2: an email is unique among users and admins alike. */
    readonly findByEmail: (email: Email) => Effect.Effect<Option.Option<Account>>
  }
  readonly users: {
    readonly get: (id: UserId, options?: LockOption) => Effect.Effect<Option.Option<User>>
    readonly findByTrueconfId: (id: TrueconfId) => Effect.Effect<Option.Option<User>>
    readonly insert: (user: User) => Effect.Effect<void>
    readonly update: (user: User) => Effect.Effect<void>
  }
  readonly admins: {
    readonly get: (id: GroupAdminId, options?: LockOption) => Effect.Effect<Option.Option<GroupAdmin>>
    readonly insert: (admin: GroupAdmin) => Effect.Effect<void>
    readonly update: (admin: GroupAdmin) => Effect.Effect<void>
  }
  readonly groups: {
    readonly get: (id: GroupId, options?: LockOption) => Effect.Effect<Option.Option<Group>>
    /** R15: codes are looked up by their keyed hash only. */
    readonly findByCodeHash: (lookupHash: string, options?: LockOption) => Effect.Effect<Option.Option<Group>>
    readonly insert: (group: Group) => Effect.Effect<void>
    readonly update: (group: Group) => Effect.Effect<void>
  }
  readonly memberships: {
    readonly findByUser: (userId: UserId, options?: LockOption) => Effect.Effect<Option.Option<Membership>>
    readonly insert: (membership: Membership) => Effect.Effect<void>
    readonly delete: (userId: UserId) => Effect.Effect<void>
    /** R16: members in `memberOrder`, strictly after `after` (keyset, never offset). */
    readonly page: (
      groupId: GroupId,
      after: MemberKey | null,
      limit: number
    ) => Effect.Effect<ReadonlyArray<Member>>
  }
  readonly invoices: {
    readonly get: (id: InvoiceId, options?: LockOption) => Effect.Effect<Option.Option<Invoice>>
    readonly insert: (invoice: Invoice) => Effect.Effect<void>
    /** Only status and paidAt ever change (R44). */
    readonly update: (invoice: Invoice) => Effect.Effect<void>
    /** Invoices of the group whose stored status is open (there are few). */
    readonly listOpen: (groupId: GroupId) => Effect.Effect<ReadonlyArray<Invoice>>
    readonly list: (groupId: GroupId, page: NewestFirst) => Effect.Effect<ReadonlyArray<Positioned<Invoice>>>
  }
  readonly chargeClaims: {
    readonly get: (invoiceId: InvoiceId) => Effect.Effect<Option.Option<ChargeClaim>>
    /** Inserts or replaces the claim of the invoice. */
    readonly put: (claim: ChargeClaim) => Effect.Effect<void>
    readonly delete: (invoiceId: InvoiceId) => Effect.Effect<void>
  }
  readonly payments: {
    /** Payments never change once written (R44), so a lookup needs no lock. */
    readonly get: (id: PaymentId) => Effect.Effect<Option.Option<Payment>>
    readonly insert: (payment: Payment) => Effect.Effect<void>
    readonly list: (groupId: GroupId, page: NewestFirst) => Effect.Effect<ReadonlyArray<Positioned<Payment>>>
  }
  readonly idempotency: {
    readonly get: (accountId: AccountId, key: string, options?: LockOption) => Effect.Effect<Option.Option<IdempotencyRecord>>
    /** Inserts or replaces the record of (accountId, key). */
    readonly put: (record: IdempotencyRecord) => Effect.Effect<void>
    readonly delete: (accountId: AccountId, key: string) => Effect.Effect<void>
  }
  readonly sessions: {
    readonly findByTokenHash: (tokenHash: string) => Effect.Effect<Option.Option<Session>>
    readonly insert: (session: Session) => Effect.Effect<void>
    readonly delete: (id: SessionId) => Effect.Effect<void>
    /** R5: ends every session of the account but `keep`. */
    readonly deleteAllBut: (accountId: AccountId, keep: SessionId) => Effect.Effect<void>
  }
  readonly phoneCalls: {
    readonly insert: (call: PhoneCall) => Effect.Effect<void>
  }
  /** R50: the transactional outbox. */
  readonly outbox: {
    readonly append: (events: ReadonlyArray<DomainEvent>) => Effect.Effect<void>
  }
  /** R51 */
  readonly audit: {
    readonly append: (entries: ReadonlyArray<AuditEntry>) => Effect.Effect<void>
    readonly list: (groupId: GroupId, page: NewestFirst) => Effect.Effect<ReadonlyArray<Positioned<AuditEntry>>>
  }
}

export class Store extends Context.Service<Store, {
  /** Runs `f` in one all-or-nothing transaction (see the invariants above). */
  readonly transaction: <A, E, R>(f: (tx: Tx) => Effect.Effect<A, E, R>) => Effect.Effect<A, E | Unavailable, R>
}>()("@corporate-groups/domain/ports/Store") {}

export type StoreService = Context.Service.Shape<typeof Store>

/**
 * Test access to a memory store: a read-only view of everything it has
 * committed, so invariant checks (R10, R11, R50, …) can look at the whole
 * state at once instead of through the use cases they are checking, and the
 * faults a real database shows (a lost commit, a retried transaction) on
 * demand, so the domain's handling of them is exercised too.
 */
import { Context, type Effect } from "effect"
import type {
  AuditEntry,
  ChargeClaim,
  DomainEvent,
  Group,
  GroupAdmin,
  IdempotencyRecord,
  Invoice,
  Membership,
  Payment,
  PhoneCall,
  Positioned,
  Session,
  User
} from "@corporate-groups/domain"

/** Committed rows only. Positioned tables are oldest first; the others in no particular order. */
export interface MemoryStoreSnapshot {
  readonly users: ReadonlyArray<User>
  readonly admins: ReadonlyArray<GroupAdmin>
  readonly groups: ReadonlyArray<Group>
  readonly memberships: ReadonlyArray<Membership>
  readonly invoices: ReadonlyArray<Positioned<Invoice>>
  readonly chargeClaims: ReadonlyArray<ChargeClaim>
  readonly payments: ReadonlyArray<Positioned<Payment>>
  readonly idempotency: ReadonlyArray<IdempotencyRecord>
  readonly sessions: ReadonlyArray<Session>
  readonly phoneCalls: ReadonlyArray<PhoneCall>
  /** In commit order. */
  readonly outbox: ReadonlyArray<DomainEvent>
  readonly audit: ReadonlyArray<Positioned<AuditEntry>>
}

export class MemoryStoreInspector extends Context.Service<MemoryStoreInspector, {
  /** The last committed state; never a transaction's uncommitted writes. */
  readonly snapshot: Effect.Effect<MemoryStoreSnapshot>
}>()("@corporate-groups/adapters/memory/MemoryStoreInspector") {}

export class MemoryStoreFaults extends Context.Service<MemoryStoreFaults, {
  /**
   * The next `n` transactions whose function succeeds fail with `Unavailable`
   * instead of committing, as when the connection drops before COMMIT: the
   * domain must then report `unavailable` with nothing half-done.
   */
  readonly failNextCommits: (n: number) => Effect.Effect<void>
  /**
   * The next `n` transactions whose function succeeds are thrown away and run
   * again from the start, as Postgres does after a serialization failure. A
   * use case with an outside effect inside its transaction shows up here.
   */
  readonly retryNextTransactions: (n: number) => Effect.Effect<void>
}>()("@corporate-groups/adapters/memory/MemoryStoreFaults") {}

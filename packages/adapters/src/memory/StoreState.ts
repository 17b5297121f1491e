/**
 * What the in-memory store holds, as one immutable value. Every table is an
 * Effect persistent `HashMap`, so taking a snapshot at the start of a
 * transaction is O(1) and a rollback is simply dropping the working copy: the
 * committed value is never touched until the transaction commits.
 */
import { Chunk, HashMap, HashSet } from "effect"
import type {
  AccountId,
  AuditEntry,
  ChargeClaim,
  DomainEvent,
  EventId,
  Group,
  GroupAdmin,
  GroupAdminId,
  GroupId,
  IdempotencyRecord,
  Invoice,
  InvoiceId,
  Membership,
  Payment,
  PaymentId,
  PhoneCall,
  PhoneCallId,
  Positioned,
  Session,
  SessionId,
  User,
  UserId
} from "@corporate-groups/domain"

/** Which account owns an email; the index is shared because R2 makes emails unique across both kinds. */
export type EmailOwner =
  | { readonly kind: "user"; readonly id: UserId }
  | { readonly kind: "group-admin"; readonly id: GroupAdminId }

export interface StoreState {
  readonly users: HashMap.HashMap<UserId, User>
  readonly userByTrueconfId: HashMap.HashMap<string, UserId>
  readonly admins: HashMap.HashMap<GroupAdminId, GroupAdmin>
  readonly accountByEmail: HashMap.HashMap<string, EmailOwner>

  readonly groups: HashMap.HashMap<GroupId, Group>
  readonly groupByCodeHash: HashMap.HashMap<string, GroupId>
  /** Keyed by user: the primary key is what makes R10 a constraint. */
  readonly memberships: HashMap.HashMap<UserId, Membership>
  readonly membersByGroup: HashMap.HashMap<GroupId, HashSet.HashSet<UserId>>

  readonly invoices: HashMap.HashMap<InvoiceId, Positioned<Invoice>>
  /** Ids in insertion (= position) order, so a newest-first page never sorts. */
  readonly invoicesByGroup: HashMap.HashMap<GroupId, ReadonlyArray<InvoiceId>>
  readonly chargeClaims: HashMap.HashMap<InvoiceId, ChargeClaim>
  readonly payments: HashMap.HashMap<PaymentId, Positioned<Payment>>
  readonly paymentsByGroup: HashMap.HashMap<GroupId, ReadonlyArray<PaymentId>>
  /** Keyed by `idempotencyKey(accountId, key)`. */
  readonly idempotency: HashMap.HashMap<string, IdempotencyRecord>

  readonly sessions: HashMap.HashMap<SessionId, Session>
  readonly sessionByTokenHash: HashMap.HashMap<string, SessionId>
  readonly sessionsByAccount: HashMap.HashMap<AccountId, HashSet.HashSet<SessionId>>

  readonly phoneCalls: HashMap.HashMap<PhoneCallId, PhoneCall>

  /**
   * In commit order. A Chunk, not an array: every join appends to it, and
   * copying an array of every event so far on each append made a transaction
   * cost grow with the store's age (and fed the garbage collector).
   */
  readonly outbox: Chunk.Chunk<DomainEvent>
  readonly outboxIds: HashSet.HashSet<EventId>
  readonly auditByGroup: HashMap.HashMap<GroupId, ReadonlyArray<Positioned<AuditEntry>>>
  readonly auditIds: HashSet.HashSet<EventId>

  /**
   * The next `position` to hand out. It lives in the state, so a rolled-back
   * transaction gives its positions back; only committed rows are ever seen,
   * so positions stay increasing among everything a reader can observe.
   */
  readonly nextPosition: number
}

export const emptyState: StoreState = {
  users: HashMap.empty(),
  userByTrueconfId: HashMap.empty(),
  admins: HashMap.empty(),
  accountByEmail: HashMap.empty(),
  groups: HashMap.empty(),
  groupByCodeHash: HashMap.empty(),
  memberships: HashMap.empty(),
  membersByGroup: HashMap.empty(),
  invoices: HashMap.empty(),
  invoicesByGroup: HashMap.empty(),
  chargeClaims: HashMap.empty(),
  payments: HashMap.empty(),
  paymentsByGroup: HashMap.empty(),
  idempotency: HashMap.empty(),
  sessions: HashMap.empty(),
  sessionByTokenHash: HashMap.empty(),
  sessionsByAccount: HashMap.empty(),
  phoneCalls: HashMap.empty(),
  outbox: Chunk.empty(),
  outboxIds: HashSet.empty(),
  auditByGroup: HashMap.empty(),
  auditIds: HashSet.empty(),
  nextPosition: 1
}

/** NUL cannot occur in an account id, so the pair cannot collide with another pair. */
export const idempotencyKey = (accountId: AccountId, key: string): string => `${accountId}\u0000${key}`

/** Emails and TrueConf IDs arrive lower-cased; folding again makes the index correct even if one did not. */
export const foldKey = (value: string): string => value.toLowerCase()

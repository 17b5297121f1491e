/**
 * R50: every change of state records one or more domain events in the same
 * transaction (the outbox). R51: the main event of a change in a group also
 * names its audit entry (`action` is the event type in kebab case).
 */
import type { DateTime } from "effect"
import type { EventId, GroupId } from "../values/Ids.js"
import type { AccountRef } from "./Accounts.js"

export type EventType =
  | "GroupRegistered"
  | "GroupRenamed"
  | "UserRegistered"
  | "UserProfileChanged"
  | "PasswordChanged"
  | "SignedIn"
  | "SignedOut"
  | "MemberJoined"
  | "MemberLeft"
  | "MemberRemoved"
  | "CodeRotated"
  | "SeatsChanged"
  | "InvoiceIssued"
  | "InvoiceVoided"
  | "PaymentSucceeded"
  | "PaymentFailed"
  | "PhoneBalanceToppedUp"
  | "PhoneCallRecorded"

export interface Target {
  readonly kind: "user" | "group-admin" | "group" | "invoice" | "payment" | "phone-call"
  readonly id: string
}

export interface DomainEvent {
  readonly id: EventId
  readonly type: EventType
  /** The group it belongs to, when it belongs to one (the shard key). */
  readonly groupId: GroupId | null
  readonly at: DateTime.Utc
  readonly actor: AccountRef | null
  readonly target: Target | null
  /** Plain JSON, so any consumer can read it without this library. */
  readonly payload: Readonly<Record<string, unknown>>
}

/** R51: an audit entry, named after the main event of a change in the group. */
export interface AuditEntry {
  readonly id: EventId
  readonly groupId: GroupId
  readonly at: DateTime.Utc
  readonly actor: AccountRef
  readonly action: string
  readonly target: Target | null
}

/** Each type's action, worked out once: every audited change asks for one. */
const ACTIONS = new Map<EventType, string>()

/** `MemberJoined` → `member-joined` (API.md §5 Audit). */
export const auditAction = (type: EventType): string => {
  let action = ACTIONS.get(type)
  if (action === undefined) {
    action = type.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()
    ACTIONS.set(type, action)
  }
  return action
}

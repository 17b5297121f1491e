/**
 * R41: a group's status is derived from the clock and its paid-through date,
 * never stored or set by hand.
 */
import { DateTime, type Duration } from "effect"
import type { Group } from "../model/Group.js"

export type GroupStatus = "pending-payment" | "active" | "suspended"

export const groupStatus = (
  group: Pick<Group, "paidThrough">,
  now: DateTime.Utc,
  grace: Duration.Duration
): GroupStatus => {
  if (group.paidThrough === null) return "pending-payment"
  return DateTime.isLessThan(now, DateTime.addDuration(group.paidThrough, grace)) ? "active" : "suspended"
}

/** R32: members get the Corporate tariff exactly while their group is active. */
export const grantsCorporate = (status: GroupStatus): boolean => status === "active"

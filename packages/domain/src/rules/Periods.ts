/**
 * R42 and API.md §5 *Periods*: the period an invoice pays for is fixed when it
 * is issued. The first invoice covers one period from its issue; a renewal
 * covers one period from the current paid-through date, or from now when the
 * group is suspended, so renewals paid one after another prepay contiguous
 * periods; a group never paid gets a new first invoice from now instead.
 * Pure: the clock is passed in.
 */
import { DateTime, type Duration } from "effect"
import type { Group } from "../model/Group.js"
import { groupStatus } from "./GroupStatus.js"

export interface Period {
  readonly start: DateTime.Utc
  readonly end: DateTime.Utc
}

/** One billing period from `start`. */
export const periodFrom = (start: DateTime.Utc, length: Duration.Duration): Period => ({
  start,
  end: DateTime.addDuration(start, length)
})

/** R42: the first invoice covers one period from its issue. */
export const firstPeriod = (issuedAt: DateTime.Utc, length: Duration.Duration): Period => periodFrom(issuedAt, length)

/** What `POST /v1/admin/renewals` issues for a group: its kind and its period. */
export interface NextPeriod {
  readonly kind: "first" | "renewal"
  readonly period: Period
}

/**
 * R42, API.md §5 *Periods*: a group never paid gets a new first invoice from
 * now; an active group (grace included) renews from its paid-through date,
 * wherever that lies, so several periods may be prepaid one renewal at a time;
 * a suspended group renews from now (the unpaid gap is not billed).
 */
export const nextPeriod = (
  group: Pick<Group, "paidThrough">,
  now: DateTime.Utc,
  length: Duration.Duration,
  grace: Duration.Duration
): NextPeriod => {
  if (group.paidThrough === null) return { kind: "first", period: firstPeriod(now, length) }
  const start = groupStatus(group, now, grace) === "suspended" ? now : group.paidThrough
  return { kind: "renewal", period: periodFrom(start, length) }
}

/**
 * R42: paying a first or renewal invoice extends the paid-through date to the
 * end of its period, never backwards (an older period paid late moves nothing).
 */
export const extendPaidThrough = (paidThrough: DateTime.Utc | null, periodEnd: DateTime.Utc): DateTime.Utc =>
  paidThrough === null ? periodEnd : DateTime.max(paidThrough, periodEnd)

/** Whether `period` has ended at `now` (its end is exclusive). */
export const hasEnded = (periodEnd: DateTime.Utc, now: DateTime.Utc): boolean =>
  DateTime.isGreaterThanOrEqualTo(now, periodEnd)

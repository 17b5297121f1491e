/**
 * R15: the store of failed sign-ins and failed redemptions, shared by every
 * host. It only records and reads; the limits and the sliding window are
 * decided by rules/Throttling.ts. Failures are recorded outside the failed
 * operation's transaction (which rolls back), so they always persist.
 */
import { Context, type DateTime, type Effect } from "effect"
import type { Unavailable } from "../errors/DomainErrors.js"

export class Throttle extends Context.Service<Throttle, {
  /**
   * For each query, the times of the newest failures under its `key` since
   * `since`, newest first, at most its `limit` (none for a limit ≤ 0); answer
   * i belongs to query i, duplicates included. All of a request's keys (R15:
   * per account and per address, or per pair and per address) are read in
   * one call, so an adapter over a database can read them in one round trip.
   */
  readonly recentFailures: (
    queries: ReadonlyArray<{ readonly key: string; readonly limit: number }>,
    since: DateTime.Utc
  ) => Effect.Effect<ReadonlyArray<ReadonlyArray<DateTime.Utc>>, Unavailable>
  /** Records one failure at `at` under each key. */
  readonly recordFailure: (keys: ReadonlyArray<string>, at: DateTime.Utc) => Effect.Effect<void, Unavailable>
}>()("@corporate-groups/domain/ports/Throttle") {}

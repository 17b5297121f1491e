/**
 * R15: the store of failed sign-ins and failed redemptions, shared by every
 * host. It only records and reads; the limits and the sliding window are
 * decided by rules/Throttling.ts. Failures are recorded outside the failed
 * operation's transaction (which rolls back), so they always persist.
 */
import { Context, type DateTime, type Effect } from "effect"
import type { Unavailable } from "../errors/DomainErrors.js"

export class Throttle extends Context.Service<Throttle, {
  /** The times of the newest failures under `key` since `since`, newest first, at most `limit`. */
  readonly recentFailures: (
    key: string,
    since: DateTime.Utc,
    limit: number
  ) => Effect.Effect<ReadonlyArray<DateTime.Utc>, Unavailable>
  /** Records one failure at `at` under each key. */
  readonly recordFailure: (keys: ReadonlyArray<string>, at: DateTime.Utc) => Effect.Effect<void, Unavailable>
}>()("@corporate-groups/domain/ports/Throttle") {}

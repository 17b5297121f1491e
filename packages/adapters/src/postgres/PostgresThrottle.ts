/**
 * The `Throttle` port in the database (R15), so every host sharing it counts
 * the same failures. Keys are stored as their SHA-256 (they carry logins and
 * client addresses). Each recording also deletes a bounded batch of rows
 * older than the retention, in the same statement: the table cannot grow
 * without bound, and no recording pays for more than one batch. It only
 * records and reads; the window and the limits are the domain's.
 */
import { DateTime, Duration, Effect, Layer } from "effect"
import { Throttle } from "@corporate-groups/domain"
import { fromTimestamp, sha256, toTimestamp } from "./Codec.js"
import { PostgresDatabase } from "./PostgresDatabase.js"
import { orUnavailable, statement } from "./Statement.js"

export interface PostgresThrottleOptions {
  /** How long failures are kept; must exceed the longest window the domain is configured with (default a day). */
  readonly retention?: Duration.Input
}

const PRUNE_BATCH = 100

export const makePostgresThrottle = (options: PostgresThrottleOptions = {}) =>
  Effect.gen(function*() {
    const { db, gate } = yield* PostgresDatabase
    const retention = Duration.fromInputUnsafe(options.retention ?? Duration.days(1))

    const recentFailures = (key: string, since: DateTime.Utc, limit: number) =>
      limit <= 0 ? Effect.succeed([]) : gate(orUnavailable(statement("throttle.recentFailures", () =>
        db.selectFrom("throttle_failures").select("at").where("key_hash", "=", sha256(key))
          .where("at", ">=", toTimestamp(since)).orderBy("at", "desc").limit(limit).execute()))).pipe(
          Effect.map((rows) => rows.map((row) => fromTimestamp(row.at)))
        )

    const recordFailure = (keys: ReadonlyArray<string>, at: DateTime.Utc) => {
      const hashes = [...new Set(keys)].map(sha256)
      if (hashes.length === 0) return Effect.void
      const cutoff = toTimestamp(DateTime.subtractDuration(at, retention))
      return gate(orUnavailable(statement("throttle.recordFailure", () =>
        db
          .with("pruned", (q) =>
            q.deleteFrom("throttle_failures").where("id", "in", (eb) =>
              eb.selectFrom("throttle_failures").select("id").where("at", "<", cutoff).orderBy("at").limit(PRUNE_BATCH)))
          .insertInto("throttle_failures")
          .values(hashes.map((key_hash) => ({ key_hash, at: toTimestamp(at) })))
          .execute()))).pipe(Effect.asVoid)
    }

    return Throttle.of({ recentFailures, recordFailure })
  })

export const PostgresThrottle = {
  make: makePostgresThrottle,
  /** The throttle over the `PostgresDatabase` in context. */
  layer: (options?: PostgresThrottleOptions): Layer.Layer<Throttle, never, PostgresDatabase> =>
    Layer.effect(Throttle, makePostgresThrottle(options))
} as const

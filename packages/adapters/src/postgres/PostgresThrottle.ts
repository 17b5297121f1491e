/**
 * The `Throttle` port in the database (R15), so every host sharing it counts
 * the same failures. Keys are stored as their SHA-256 (they carry logins and
 * client addresses). Each recording also deletes a bounded batch of rows
 * older than the retention, in the same statement: the table cannot grow
 * without bound, and no recording pays for more than one batch. Each read
 * and each recording is one statement on its own (Autocommit.ts). It only
 * records and reads; the window and the limits are the domain's.
 */
import { DateTime, Duration, Effect, Layer } from "effect"
import { sql } from "kysely"
import { Throttle } from "@corporate-groups/domain"
import { fromTimestamp, sha256, toTimestamp } from "./Codec.js"
import { PostgresDatabase } from "./PostgresDatabase.js"
import { autocommit } from "./Autocommit.js"

export interface PostgresThrottleOptions {
  /** How long failures are kept; must exceed the longest window the domain is configured with (default a day). */
  readonly retention?: Duration.Input
}

const PRUNE_BATCH = 100

/**
 * R15: the newest failures of every key of a request in one statement, one
 * round trip instead of one per key. The lateral read per key keeps each on
 * the index (key_hash, at desc) with its own limit. Rows come ordered by `i`,
 * the 1-based position of the key in `hashes`. Exported for the plan tests.
 *
 * The keys are a VALUES list, one row of parameters a key, not `unnest` of two
 * array parameters: PostgreSQL cannot tell an array parameter's length when it
 * plans a prepared statement generically, guesses long, and so planned the
 * unnest form afresh on every execution (pg_prepared_statements: no generic
 * plan in 20,200), which cost its backend 111–187 µs a read (20,000 reads of
 * two keys on one connection, the backend's CPU from /proc, the two forms in
 * alternating rounds) against 29–34 µs for this form, whose generic plan it
 * keeps after five custom ones. A join reads the throttle twice (the
 * address's guard, then joinGroup's). The text differs by the number of keys
 * (one or two in the use cases), each a prepared statement of its own.
 */
export const newestFailures = (hashes: ReadonlyArray<string>, limits: ReadonlyArray<number>, since: DateTime.Utc) => {
  const keys = sql.join(hashes.map((hash, k) => sql`(${sql.lit(k + 1)}, ${hash}::text, ${limits[k]!}::int)`))
  return sql<{ i: number; at: Date | string }>`
    select q.i, f.at
    from (values ${keys}) as q(i, key_hash, lim)
    cross join lateral (
      select at from throttle_failures
      where key_hash = q.key_hash and at >= ${toTimestamp(since)}::timestamptz
      order by at desc limit q.lim
    ) f
    order by q.i, f.at desc`
}

export const makePostgresThrottle = (options: PostgresThrottleOptions = {}) =>
  Effect.gen(function*() {
    const database = yield* PostgresDatabase
    const { db } = database
    const retention = Duration.fromInputUnsafe(options.retention ?? Duration.days(1))

    const recentFailures = (queries: ReadonlyArray<{ readonly key: string; readonly limit: number }>, since: DateTime.Utc) => {
      // PostgreSQL refuses a negative LIMIT, and a limit ≤ 0 wants nothing: such queries are not sent.
      const sent = queries.flatMap(({ key, limit }, index) => limit > 0 ? [{ index, hash: sha256(key), limit }] : [])
      const answers = queries.map((): Array<DateTime.Utc> => [])
      if (sent.length === 0) return Effect.succeed(answers)
      const read = newestFailures(sent.map((q) => q.hash), sent.map((q) => q.limit), since)
      return autocommit(database, "throttle.recentFailures", { compile: () => read.compile(db) }, "read").pipe(
        Effect.map((rows) => {
          // `i` counts from 1, in the order of `sent`.
          for (const row of rows) answers[sent[row.i - 1]!.index]!.push(fromTimestamp(row.at))
          return answers
        })
      )
    }

    const recordFailure = (keys: ReadonlyArray<string>, at: DateTime.Utc) => {
      const hashes = [...new Set(keys)].map(sha256)
      if (hashes.length === 0) return Effect.void
      const cutoff = toTimestamp(DateTime.subtractDuration(at, retention))
      return autocommit(
        database,
        "throttle.recordFailure",
        db
          .with("pruned", (q) =>
            q.deleteFrom("throttle_failures").where("id", "in", (eb) =>
              eb.selectFrom("throttle_failures").select("id").where("at", "<", cutoff).orderBy("at").limit(PRUNE_BATCH)))
          .insertInto("throttle_failures")
          .values(hashes.map((key_hash) => ({ key_hash, at: toTimestamp(at) }))),
        "write"
      ).pipe(Effect.asVoid)
    }

    return Throttle.of({ recentFailures, recordFailure })
  })

export const PostgresThrottle = {
  make: makePostgresThrottle,
  /** The throttle over the `PostgresDatabase` in context. */
  layer: (options?: PostgresThrottleOptions): Layer.Layer<Throttle, never, PostgresDatabase> =>
    Layer.effect(Throttle, makePostgresThrottle(options))
} as const

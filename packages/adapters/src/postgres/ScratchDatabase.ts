/**
 * For tests against a server: a new, empty database of its own, dropped when
 * the scope closes, so test files (and packages tested in parallel) never
 * see each other's rows. The name is random (`cg_test_…`); `WITH (FORCE)`
 * (PostgreSQL 13+) drops it even if a connection was left behind. Dropping
 * is retried for a while: with many test files at once the server may be
 * out of connection slots for a moment, and a database left behind is a
 * leak no later run cleans up.
 */
import { randomBytes } from "node:crypto"
import { Effect, Schedule, type Scope } from "effect"
import { Unavailable } from "@corporate-groups/domain"

const adminQuery = (url: string, text: string) =>
  Effect.tryPromise({
    try: async () => {
      const { default: pg } = await import("pg")
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
      client.on("error", () => {})
      await client.connect()
      try {
        await client.query(text)
      } finally {
        await client.end().catch(() => undefined)
      }
    },
    catch: (cause) => new Unavailable({ reason: `postgres: ${text.split(" ").slice(0, 2).join(" ")} failed: ${String(cause)}` })
  })

/** The URL of a fresh database on the server of `url`. */
export const scratchDatabase = (url: string, prefix = "cg_test"): Effect.Effect<string, Unavailable, Scope.Scope> => {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`
  const target = new URL(url)
  target.pathname = `/${name}`
  return Effect.acquireRelease(
    Effect.as(adminQuery(url, `create database ${name}`), target.toString()),
    () =>
      adminQuery(url, `drop database if exists ${name} with (force)`).pipe(
        Effect.retry(Schedule.spaced("250 millis").pipe(Schedule.upTo({ times: 60 }))),
        Effect.ignore
      )
  )
}

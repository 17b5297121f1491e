/**
 * `npm run bench:sql` (this package): how fast PostgreSQL runs one HTTP
 * join's own SQL with no host at all, beside the yardstick, measured in
 * alternating rounds on the same server. pgbench drives `sql/join.sql` (the
 * statements and round trips the host sends for `POST /v1/me/group`) in a
 * scratch database that the project's migrations create and `sql/seed.sql`
 * fills, then the yardstick's `physical/redeem.sql`, at 16 clients, round
 * after round, each after its reset.
 *
 * The ratio is the ceiling of the HTTP join's rate against pgbench's: what
 * the SQL alone allows, before the host, the load generator and the
 * connections' wake-ups take their share of the two cores. It says whether
 * a faster join has to come from the host or from the statements.
 *
 * Environment: BENCH_DATABASE_URL (as `npm run bench`), PEERBENCH_URL,
 * YARDSTICKS_DIR, BENCH_SQL_ROUNDS (3), BENCH_SQL_SECONDS (10),
 * BENCH_SQL_CLIENTS (16), BENCH_SQL_USERS (200000: more than one round
 * joins).
 */
import { cpus, loadavg } from "node:os"
import { resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { hasProc, postgresCpu } from "./cpu.ts"
import { PEERBENCH_URL, pgbench, pgbenchMissing, pgbenchScript, type PgbenchResult, resetYardstick, YARDSTICKS } from "./pgbench.ts"
import { migrate, psql, say, withScratchDatabase } from "./scratch.ts"
import { envNumber, runMain } from "./script.ts"

const SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url))
const ROUNDS = envNumber("BENCH_SQL_ROUNDS", 3)
const SECONDS = envNumber("BENCH_SQL_SECONDS", 10)
const CLIENTS = envNumber("BENCH_SQL_CLIENTS", 16)
const USERS = envNumber("BENCH_SQL_USERS", 200_000)

/** pgbench's rate, and PostgreSQL's CPU per transaction while it ran. */
const measured = async (go: () => Promise<PgbenchResult>) => {
  const stop = hasProc() ? postgresCpu() : () => NaN
  const result = await go()
  return { ...result, postgresMs: stop() / result.transactions }
}

/** After a round of join.sql: every join took a seat, made one row and one event; nobody is over. */
const checkJoins = async (url: string, transactions: number) => {
  const { stdout } = await psql(url, "-Atc", `select (select sum(members) from groups), (select count(*) from memberships),
    (select count(*) from outbox), (select count(*) from audit), (select count(*) from groups where members > seats)`)
  const expected = `${transactions}|${transactions}|${transactions}|${transactions}|0`
  if (stdout.trim() !== expected) throw new Error(`join.sql left ${stdout.trim()}, expected ${expected} (counters|rows|events|audit|over)`)
}

const main = async () => {
  const missing = await pgbenchMissing({ url: PEERBENCH_URL, yardsticks: YARDSTICKS, seconds: SECONDS })
  if (missing !== null) {
    say(`skipped: ${missing}`)
    return
  }
  const lines: Array<string> = []
  await withScratchDatabase("cg_benchsql", async (dbUrl) => {
    say(`migrating and seeding a scratch database (1,000 groups, ${USERS} users with sessions)…`)
    await migrate(dbUrl)
    await psql(dbUrl, "-v", `users=${USERS}`, "-f", resolve(SQL_DIR, "seed.sql"))
    const yardstick = { url: PEERBENCH_URL, yardsticks: YARDSTICKS, seconds: SECONDS }
    for (let round = 1; round <= ROUNDS; round++) {
      say(`round ${round} of ${ROUNDS}…`)
      await resetYardstick(yardstick)
      const peer = await measured(() => pgbench(yardstick, CLIENTS))
      await psql(dbUrl, "-f", resolve(SQL_DIR, "reset.sql"))
      const ours = await measured(() =>
        pgbenchScript({ url: dbUrl, script: resolve(SQL_DIR, "join.sql"), clients: CLIENTS, seconds: SECONDS }))
      await checkJoins(dbUrl, ours.transactions)
      lines.push(
        `| ${round} | ${peer.tps.toFixed(0)} | ${peer.postgresMs.toFixed(2)} | ${ours.tps.toFixed(0)} | ${ours.postgresMs.toFixed(2)} | ${((ours.tps / peer.tps) * 100).toFixed(0)}% |`
      )
    }
  })
  process.stdout.write([
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average (1 min) ${loadavg()[0]!.toFixed(2)}`,
    `pgbench, ${CLIENTS} clients, ${SECONDS} s a run, prepared statements; the yardstick then the HTTP join's SQL (bench/sql/join.sql), alternating`,
    "",
    "| round | yardstick TPS | its PostgreSQL CPU ms/tx | join.sql TPS | its PostgreSQL CPU ms/tx | join.sql / yardstick |",
    "|---:|---:|---:|---:|---:|---:|",
    ...lines
  ].join("\n") + "\n")
}

runMain(main)

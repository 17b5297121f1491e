/**
 * `npm run bench:sql:parts` (this package): which of one HTTP join's
 * statements cost PostgreSQL the most. Each variant is `sql/join.sql` with
 * one thing taken out or done another way, derived from it here by a textual
 * edit (a join.sql that no longer has what an edit looks for fails loudly).
 * pgbench runs every variant in turn, after `sql/reset.sql` each, round
 * after round (each round starting at the next variant), and the table gives each one's rate and PostgreSQL's CPU per
 * transaction beside join.sql's in the same round.
 *
 * What a variant saves in pgbench overstates what the host would save for
 * some of them: pgbench sends the three reads before BEGIN as three round
 * trips where the host sends them on shared lines with one Sync a turn; and
 * join.sql's new rows have random ids where the domain's are time-ordered
 * (the "time-ordered ids" variant shows what that difference costs).
 *
 * Environment: BENCH_DATABASE_URL (as `npm run bench`), BENCH_SQL_ROUNDS (3),
 * BENCH_SQL_SECONDS (8), BENCH_SQL_CLIENTS (16), BENCH_SQL_USERS (200000).
 */
import { readFileSync, writeFileSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { postgresCpu } from "./cpu.ts"
import { pgbenchScript } from "./pgbench.ts"
import { migrate, psql, say, withScratchDatabase } from "./scratch.ts"
import { envNumber, runMain } from "./script.ts"

const ROUNDS = envNumber("BENCH_SQL_ROUNDS", 3)
const SECONDS = envNumber("BENCH_SQL_SECONDS", 8)
const CLIENTS = envNumber("BENCH_SQL_CLIENTS", 16)
const USERS = envNumber("BENCH_SQL_USERS", 200_000)
const SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url))

/** Replaces `from` (which must be there) by `to` in the script. */
const edit = (script: string, from: string | RegExp, to: string): string => {
  const next = script.replace(from, to)
  if (next === script) throw new Error(`sql/join.sql no longer has ${String(from)}: update bench/sqlVariants.ts`)
  return next
}

const GROUP_BY_CODE_LOCKED = `where "code_lookup_hash" = encode(sha256(convert_to('code' || :g, 'UTF8')), 'hex') for update;`
const FULL_GROUP_UPDATE = /with w0 as \(update "groups" set .*? where "id" = md5\('g' \|\| :g\)::uuid returning 1\)/
const TIME_ORDERED_ID = "(lpad(to_hex((extract(epoch from clock_timestamp()) * 1000000)::bigint), 16, '0') || substr(md5(random()::text), 1, 16))::uuid"

const variants: ReadonlyArray<{ readonly name: string; readonly from: (script: string) => string }> = [
  { name: "join.sql as the host sends it", from: (script) => script },
  {
    name: "without the reads before BEGIN (both throttle reads and the session)",
    from: (script) => edit(script, /with t as \(select q\.i::int.*?\n.*?\n.*?\n/s, "select nextval('bench_user_seq') as u \\gset\n")
  },
  {
    name: "without the route's address throttle read (the user's number read alone)",
    from: (script) => edit(script, /with t as \(select q\.i::int.*?\n/s, "select nextval('bench_user_seq') as u \\gset\n")
  },
  {
    name: "without joinGroup's throttle read (account and address)",
    from: (script) => edit(script, /\nselect q\.i::int as i, f\.at from unnest.*?\n/s, "\n")
  },
  {
    name: "without the audit entry",
    from: (script) =>
      edit(edit(script, /, w3 as \(insert into "audit" .*? returning 1\)/, ""), ", (select count(*) from w3)::int as c3", "")
  },
  {
    name: "the seat taken by a conditional update (members < seats), no FOR UPDATE",
    from: (script) =>
      edit(
        edit(script, GROUP_BY_CODE_LOCKED, GROUP_BY_CODE_LOCKED.replace(" for update;", ";")),
        FULL_GROUP_UPDATE,
        `with w0 as (update "groups" set "members" = "members" + 1 where "id" = md5('g' || :g)::uuid and "members" < "seats" returning 1)`
      )
  },
  {
    name: "the locked group's update setting only members",
    from: (script) =>
      edit(script, FULL_GROUP_UPDATE, `with w0 as (update "groups" set "members" = "members" + 1 where "id" = md5('g' || :g)::uuid returning 1)`)
  },
  { name: "time-ordered ids for the event and the audit entry", from: (script) => edit(script, /gen_random_uuid\(\)/g, TIME_ORDERED_ID) },
  { name: "without the user's share lock", from: (script) => edit(script, ` for share) as "u"`, `) as "u"`) }
]

const mean = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0) / values.length

const main = async () => {
  const base = readFileSync(resolve(SQL_DIR, "join.sql"), "utf8")
  const scripts = variants.map(({ name, from }, i) => {
    const file = join(tmpdir(), `cg-bench-sql-part-${process.pid}-${i}.sql`)
    writeFileSync(file, from(base))
    return { name, file }
  })
  const results = scripts.map(() => [] as Array<{ tps: number; ms: number }>)
  await withScratchDatabase("cg_benchparts", async (url) => {
    say(`migrating and seeding a scratch database (1,000 groups, ${USERS} users with sessions)…`)
    await migrate(url)
    await psql(url, "-v", `users=${USERS}`, "-f", resolve(SQL_DIR, "seed.sql"))
    for (let round = 1; round <= ROUNDS; round++) {
      say(`round ${round} of ${ROUNDS}: ${scripts.length} variants of ${SECONDS} s…`)
      // Each round starts at another variant: a run late in a round was slower than an early one, whatever it ran.
      for (let k = 0; k < scripts.length; k++) {
        const i = (round - 1 + k) % scripts.length
        const { file } = scripts[i]!
        await psql(url, "-f", resolve(SQL_DIR, "reset.sql"))
        const stop = postgresCpu()
        const run = await pgbenchScript({ url, script: file, clients: CLIENTS, seconds: SECONDS })
        results[i]!.push({ tps: run.tps, ms: stop() / run.transactions })
      }
    }
  })
  // Each round's ratio to join.sql's own run of that round: the machine's drift between rounds cancels.
  const ratio = (i: number, pick: (r: { tps: number; ms: number }) => number) =>
    mean(results[i]!.map((r, round) => pick(r) / pick(results[0]![round]!)))
  process.stdout.write([
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}; pgbench, ${CLIENTS} clients, ${SECONDS} s a run, prepared statements, ${ROUNDS} rounds of every variant in turn`,
    "",
    "| variant of sql/join.sql | TPS, each round | PostgreSQL CPU ms/tx, each round | TPS / join.sql's | CPU / join.sql's |",
    "|---|---|---|---:|---:|",
    ...scripts.map(({ name }, i) =>
      `| ${name} | ${results[i]!.map((r) => r.tps.toFixed(0)).join(", ")} | ${results[i]!.map((r) => r.ms.toFixed(3)).join(", ")} | ${(ratio(i, (r) => r.tps) * 100).toFixed(0)}% | ${(ratio(i, (r) => r.ms) * 100).toFixed(0)}% |`)
  ].join("\n") + "\n")
}

runMain(main)

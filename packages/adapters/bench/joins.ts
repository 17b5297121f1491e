/**
 * `npm run bench`: what a join costs, printed, never failing on speed
 * (issue 3, item 7).
 *
 * 1. Joins per second at 64 concurrent callers, each calling the domain's
 *    `joinGroup` through an adapter (memory, PGlite, the Postgres server),
 *    users prepared beforehand, only the joins timed, spread over 1,000
 *    groups like the yardstick; beside it, on the same server and tables,
 *    the raw-SQL baseline (Raw.ts) from this process, and the ratio.
 * 2. Where the time of a join goes: CPU of this process and of the server
 *    per join, each statement's round trip, and a CPU profile (Profile.ts).
 * 3. A join and an address-book page on 1,000 vs 1,000,000 accounts and a
 *    group of 10 vs 100,000 members (Scale.ts).
 *
 * The server is `BENCH_DATABASE_URL`, else `DATABASE_URL` (a scratch
 * database of its own is created and dropped); without either, the server
 * parts are skipped with a note. Knobs: BENCH_JOINS (per round, default
 * 4000), BENCH_PGLITE_JOINS (2000), BENCH_ROUNDS (3, the median is shown),
 * BENCH_CALLERS (64), BENCH_POOL (connections of the adapter's and the
 * baseline's pools, each; 16: two pools of 64 would pass a default
 * max_connections of 100), BENCH_ACCOUNTS (1000000), BENCH_BIG_GROUP (100000),
 * BENCH_SAMPLES (101), BENCH_ONLY (a comma list of memory, pglite, postgres,
 * profile, scale).
 */
import { cpus } from "node:os"
import { performance } from "node:perf_hooks"
import { MemoryAdapters, PostgresAdapters, scratchDatabase } from "@corporate-groups/adapters"
import {
  type Entropy,
  joinGroup,
  type PasswordHasher,
  type PaymentGateway,
  type Secrets,
  type Store,
  type Throttle
} from "@corporate-groups/domain"
import { Effect, Exit, type Layer, ManagedRuntime, Result, Scope } from "effect"
import pg from "pg"
import { cpuProfile, cpuSplit, type CpuSplit, statementTimes } from "./Profile.js"
import { mirrorJoins, rawJoins, type RawJob } from "./Raw.js"
import { scaleRun, type ScaleFigures } from "./Scale.js"
import { type SeededGroup, seedGroups, seedUsers } from "./Seed.js"
import { fixed, percent, table } from "./Table.js"

type Services = Store | Throttle | PaymentGateway | PasswordHasher | Secrets | Entropy
type Runtime = ManagedRuntime.ManagedRuntime<Services, unknown>

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const JOINS = env("BENCH_JOINS", 4_000)
const PGLITE_JOINS = env("BENCH_PGLITE_JOINS", 2_000)
const ROUNDS = env("BENCH_ROUNDS", 3)
const CALLERS = env("BENCH_CALLERS", 64)
const POOL = env("BENCH_POOL", 16)
const ACCOUNTS = env("BENCH_ACCOUNTS", 1_000_000)
const BIG_GROUP = env("BENCH_BIG_GROUP", 100_000)
const SAMPLES = env("BENCH_SAMPLES", 101)
const GROUPS = 1_000
const only = new Set((process.env["BENCH_ONLY"] ?? "memory,pglite,postgres,profile,scale").split(",").map((s) => s.trim()))
const serverUrl = process.env["BENCH_DATABASE_URL"] || process.env["DATABASE_URL"] || undefined

const say = (text = "") => process.stdout.write(`${text}\n`)

let addresses = 0
const address = () => {
  addresses++
  return { address: `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}` }
}

interface Round {
  readonly joinsPerSecond: number
  readonly outcomes: Record<string, number>
  readonly cpu: CpuSplit
}

/** Jobs for one round: fresh users, spread over the groups. */
const jobsFor = async (runtime: Runtime, groups: ReadonlyArray<SeededGroup>, n: number, round: number): Promise<Array<RawJob>> => {
  const users = await runtime.runPromise(seedUsers(n))
  return users.map((user, i) => ({ user, group: groups[(i * 7 + round * 13) % groups.length]! }))
}

/** `jobs` through the domain's joinGroup, CALLERS at a time. */
const domainJoins = (runtime: Runtime, jobs: ReadonlyArray<RawJob>) =>
  runtime.runPromise(
    Effect.forEach(
      jobs,
      (job) => Effect.result(joinGroup(job.user.principal, { corporateCode: job.group.code }, address())),
      { concurrency: CALLERS }
    )
  ).then((results) => {
    const outcomes: Record<string, number> = {}
    for (const r of results) {
      const tag = Result.isSuccess(r) ? "ok" : r.failure._tag
      outcomes[tag] = (outcomes[tag] ?? 0) + 1
    }
    return outcomes
  })

const measure = async (run: () => Promise<Record<string, number>>): Promise<Round> => {
  const { result: outcomes, split } = await cpuSplit(run)
  return { joinsPerSecond: ((outcomes["ok"] ?? 0) * 1000) / split.wallMs, outcomes, cpu: split }
}

const medianRound = (rounds: ReadonlyArray<Round>): Round => {
  const sorted = rounds.toSorted((a, b) => a.joinsPerSecond - b.joinsPerSecond)
  return sorted[Math.floor(sorted.length / 2)]!
}

const outcomesText = (rounds: ReadonlyArray<Round>) => {
  const all: Record<string, number> = {}
  for (const r of rounds) for (const [k, v] of Object.entries(r.outcomes)) all[k] = (all[k] ?? 0) + v
  return Object.entries(all).map(([k, v]) => `${k} ${v}`).join(", ")
}

interface Row {
  readonly name: string
  readonly rounds: ReadonlyArray<Round>
  readonly joins: number
}

const openServer = async (scope: Scope.Closeable, url: string) => {
  const scratch = await Effect.runPromise(Scope.provide(scope)(scratchDatabase(url, "cg_bench")))
  return scratch
}

async function throughput(): Promise<{ rows: Array<Row>; server: { url: string; runtime: Runtime; groups: Array<SeededGroup>; pool: pg.Pool } | null; scope: Scope.Closeable }> {
  const rows: Array<Row> = []
  const scope = Scope.makeUnsafe()

  const simple = async (name: string, layer: Layer.Layer<Services, unknown>, joins: number) => {
    const runtime: Runtime = ManagedRuntime.make(layer)
    try {
      const groups = await runtime.runPromise(seedGroups(GROUPS, 10_000))
      const rounds: Array<Round> = []
      for (let r = 0; r < ROUNDS; r++) {
        const jobs = await jobsFor(runtime, groups, joins, r)
        rounds.push(await measure(() => domainJoins(runtime, jobs)))
      }
      rows.push({ name, rounds, joins })
    } finally {
      await runtime.dispose()
    }
  }

  if (only.has("memory")) await simple("memory (MemoryAdapters)", MemoryAdapters.layer({ fastHashing: true }), JOINS)
  if (only.has("pglite")) {
    await simple("PGlite (in process, in memory)", PostgresAdapters.layer({ database: { driver: "pglite" }, fastHashing: true }), PGLITE_JOINS)
  }

  if (serverUrl === undefined || !(only.has("postgres") || only.has("profile"))) return { rows, server: null, scope }
  const url = await openServer(scope, serverUrl)
  const runtime: Runtime = ManagedRuntime.make(
    PostgresAdapters.layer({ database: { driver: "postgres", url, poolSize: POOL }, fastHashing: true })
  )
  const pool = new pg.Pool({ connectionString: url, max: POOL })
  pool.on("error", () => {})
  const groups = await runtime.runPromise(seedGroups(GROUPS, 10_000))
  // Open every connection of both pools before timing anything.
  await Promise.all(Array.from({ length: POOL }, () => pool.query("select 1")))
  await runtime.runPromise(Effect.forEach(await jobsFor(runtime, groups, POOL * 4, 99), (job) =>
    Effect.result(joinGroup(job.user.principal, { corporateCode: job.group.code }, address())), { concurrency: POOL }))
  if (only.has("postgres")) {
    const ours: Array<Round> = []
    const raw: Array<Round> = []
    const prepared: Array<Round> = []
    const mirror: Array<Round> = []
    const merged: Array<Round> = []
    // Interleaved, so that table growth and checkpoints fall on all alike.
    for (let r = 0; r < ROUNDS; r++) {
      const a = await jobsFor(runtime, groups, JOINS, 5 * r)
      const b = await jobsFor(runtime, groups, JOINS, 5 * r + 1)
      const c = await jobsFor(runtime, groups, JOINS, 5 * r + 2)
      const d = await jobsFor(runtime, groups, JOINS, 5 * r + 3)
      const e = await jobsFor(runtime, groups, JOINS, 5 * r + 4)
      await pool.query("checkpoint")
      ours.push(await measure(() => domainJoins(runtime, a)))
      await pool.query("checkpoint")
      raw.push(await measure(() => rawJoins(pool, b, CALLERS, false)))
      await pool.query("checkpoint")
      prepared.push(await measure(() => rawJoins(pool, c, CALLERS, true)))
      await pool.query("checkpoint")
      mirror.push(await measure(() => mirrorJoins(pool, d, CALLERS)))
      await pool.query("checkpoint")
      merged.push(await measure(() => mirrorJoins(pool, e, CALLERS, true)))
    }
    rows.push({ name: "Postgres server (PostgresAdapters)", rounds: ours, joins: JOINS })
    rows.push({ name: "raw SQL through pg (baseline)", rounds: raw, joins: JOINS })
    rows.push({ name: "raw SQL, prepared statements", rounds: prepared, joins: JOINS })
    rows.push({ name: "raw: the first adapter's 11 statements by hand", rounds: mirror, joins: JOINS })
    rows.push({ name: "raw: those merged into 9 statements", rounds: merged, joins: JOINS })
  }
  return { rows, server: { url, runtime, groups, pool }, scope }
}

const serverCpu = (r: Round) => (r.cpu.serverMs === null ? "–" : fixed((r.cpu.serverMs * 1000) / (r.outcomes["ok"] ?? 1)))

const ratio = (a: number | null, b: number | null) => (a === null || b === null ? "–" : `${(a / b).toFixed(2)}×`)

const printThroughput = (rows: ReadonlyArray<Row>) => {
  say(`## 1. Joins per second, ${CALLERS} concurrent callers, over ${fixed(GROUPS)} groups (median of ${ROUNDS} rounds)`)
  say()
  const baseline = rows.find((r) => r.name.startsWith("raw SQL through"))
  const base = baseline === undefined ? null : medianRound(baseline.rounds).joinsPerSecond
  say(table(
    ["target", "joins/round", "joins/s", "rounds (joins/s)", "vs raw", "node µs CPU/join", "server µs CPU/join"],
    rows.map((row) => {
      const m = medianRound(row.rounds)
      const ok = m.outcomes["ok"] ?? 1
      const isServer = row.name.startsWith("Postgres") || row.name.startsWith("raw")
      return [
        row.name,
        fixed(row.joins),
        fixed(m.joinsPerSecond),
        row.rounds.map((r) => fixed(r.joinsPerSecond)).join(" / "),
        base === null || !(row.name.startsWith("Postgres") || row.name.startsWith("raw")) ? "" : percent(m.joinsPerSecond / base),
        fixed((m.cpu.nodeMs * 1000) / ok),
        isServer ? serverCpu(m) : "(in process)"
      ]
    })
  ))
  say()
  for (const row of rows) say(`  outcomes, ${row.name}: ${outcomesText(row.rounds)}`)
  say()
}

async function profile(server: { runtime: Runtime; groups: Array<SeededGroup>; pool: pg.Pool }) {
  say(`## 2. Where a join's time goes (Postgres server, ${CALLERS} concurrent callers)`)
  say()
  const perStatement = async (name: string, run: () => Promise<Record<string, number>>) => {
    const t0 = performance.now()
    const { result, kinds } = await statementTimes(run)
    const wall = performance.now() - t0
    const ok = result["ok"] ?? 1
    const statements = kinds.reduce((n, k) => n + k.count, 0)
    const inStatements = kinds.reduce((n, k) => n + k.totalMs, 0)
    // Little's law: with CALLERS callers always busy, one join takes CALLERS × wall / joins.
    const latency = (CALLERS * wall) / ok
    say(`### ${name}: ${fixed(statements / ok, 1)} statements per join, ${fixed(latency, 1)} ms per join per caller, ${fixed(inStatements / ok, 1)} ms of it in statement round trips`)
    say()
    say(table(
      ["statement", "per join", "mean round trip ms", "ms per join", "share of round-trip time"],
      kinds.map((k) => [k.kind, fixed(k.count / ok, 2), fixed(k.totalMs / k.count, 2), fixed(k.totalMs / ok, 2), percent(k.totalMs / inStatements)])
    ))
    say()
  }
  const jobs = await jobsFor(server.runtime, server.groups, JOINS, 50)
  await perStatement("ours (joinGroup through PostgresAdapters)", () => domainJoins(server.runtime, jobs))
  const rawJobs = await jobsFor(server.runtime, server.groups, JOINS, 51)
  await perStatement("raw SQL through pg", () => rawJoins(server.pool, rawJobs, CALLERS, false))

  const profiled = await jobsFor(server.runtime, server.groups, JOINS, 52)
  const { summary } = await cpuProfile(() => domainJoins(server.runtime, profiled))
  say(`### CPU profile of this process during ${fixed(JOINS)} joins (V8 sampling profiler, ${fixed(summary.samples)} samples)`)
  say()
  say(table(["self time by package", "share"], summary.byPackage.map((p) => [p.name, percent(p.share)])))
  say()
  say(table(["top self-time functions", "share"], summary.topFunctions.map((f) => [f.name, percent(f.share)])))
  say()
}

const printScale = (small: ScaleFigures, large: ScaleFigures) => {
  say(`## 3. Cost of one operation vs data size (Postgres server, one caller, median of ${SAMPLES})`)
  say()
  const worstJoin = Math.max(large.joinSmallMs, large.joinBigMs ?? 0)
  const worstPage = Math.max(large.pageSmallMs, large.pageBigFirstMs ?? 0, large.pageBigDeepMs ?? 0)
  say(table(
    [
      "ms per operation",
      "1k accounts, group of 10",
      `${fixed(ACCOUNTS)} accounts, group of 10`,
      `${fixed(ACCOUNTS)} accounts, group of ${fixed(BIG_GROUP)}`,
      "largest / small"
    ],
    [
      ["joinGroup", fixed(small.joinSmallMs, 2), fixed(large.joinSmallMs, 2), fixed(large.joinBigMs, 2), ratio(worstJoin, small.joinSmallMs)],
      ["addressBook, first page (limit 50)", fixed(small.pageSmallMs, 2), fixed(large.pageSmallMs, 2), fixed(large.pageBigFirstMs, 2), ratio(worstPage, small.pageSmallMs)],
      ["addressBook, page after member 50,000", "", "", fixed(large.pageBigDeepMs, 2), ratio(large.pageBigDeepMs, small.pageSmallMs)]
    ]
  ))
  say()
  say(`  seeding: ${fixed(small.seedSeconds, 1)} s for 1k accounts, ${fixed(large.seedSeconds, 1)} s for ${fixed(ACCOUNTS)} accounts and ${fixed(BIG_GROUP)} memberships (INSERT … SELECT generate_series)`)
  say()
}

async function machine() {
  const cores = cpus()
  say(`# Benchmark: joins (packages/adapters/bench)`)
  say()
  say(`machine: ${cores.length} cores (${cores[0]?.model.trim() ?? "?"}), Node ${process.version}`)
  if (serverUrl === undefined) {
    say("server: none (set BENCH_DATABASE_URL or DATABASE_URL); the server parts are skipped")
  } else {
    const client = new pg.Client({ connectionString: serverUrl })
    try {
      await client.connect()
      const setting = async (name: string) => (await client.query(`show ${name}`)).rows[0][name] as string
      say(`server: ${(await setting("server_version"))}, fsync ${await setting("fsync")}, synchronous_commit ${await setting("synchronous_commit")}, max_connections ${await setting("max_connections")}, shared_buffers ${await setting("shared_buffers")}`)
    } catch (error) {
      say(`server: ${String(error)}`)
    } finally {
      await client.end().catch(() => undefined)
    }
  }
  say(`callers ${CALLERS}, pool ${POOL} connections (ours and the baseline alike), joins per round ${fixed(JOINS)} (PGlite ${fixed(PGLITE_JOINS)})`)
  say()
}

async function main() {
  await machine()
  const { rows, server, scope } = await throughput()
  try {
    if (rows.length > 0) printThroughput(rows)
    if (server !== null && only.has("profile")) await profile(server)
  } finally {
    if (server !== null) {
      await server.pool.end().catch(() => undefined)
      await server.runtime.dispose()
    }
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
  if (only.has("scale")) {
    if (serverUrl === undefined) {
      say("## 3. Cost vs data size: skipped (no server; set BENCH_DATABASE_URL or DATABASE_URL)")
    } else {
      const small = await scaleRun(serverUrl, { accounts: 1_000, bigGroup: 0, samples: SAMPLES })
      const large = await scaleRun(serverUrl, { accounts: ACCOUNTS, bigGroup: BIG_GROUP, samples: SAMPLES })
      printScale(small, large)
    }
  }
}

main().catch((error: unknown) => {
  // Slow figures never fail the bench; a bench that could not run does, saying why.
  say(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exitCode = 1
})

/**
 * `npm run bench:peer` (this package): the yardsticks' peer, measured on the
 * machine at hand beside pgbench in the same run. The yardsticks README
 * names a hand-written Express 5 + pg endpoint doing only the yardstick's
 * transaction, with no authentication, at ~2,800 joins/s, 35% of pgbench at
 * 64 clients, on the machine it was measured on; issue 4's bar asks this
 * host to beat that ratio. Machines of this kind differ by half in speed, so
 * the peer's ratio is worth knowing on the one the bar is measured on.
 * `bench/peer/endpoint.mjs` is such an endpoint (plain parameterized queries
 * on one pooled client, a pool of the host's default size), loaded by wrk as the host is (64
 * keep-alive connections, `bench/peer/join.lua`: random groups of 1..1,000
 * as pgbench's `-D gmin=1 -D gmax=1000`), after `physical/reset.sql`, a
 * warm-up, and another reset.
 *
 * Then the same peer with this project's rules, beside this host, in the
 * same run: `bench/peer/endpointRules.mjs` serves `POST /v1/me/group` with
 * authentication, both throttle reads, the rules, the audit entry and the
 * statements the host sends (sql/join.sql), hand-written as the first is;
 * it and the host (`node dist/main.js`, default settings) each get a scratch
 * database seeded alike (abWorld.ts) and the same requests (wrk.ts's
 * joins.lua, distinct users), a warm-up and a measurement, one after the
 * other. The bar's 35% is the first peer's ratio; the second says what
 * Express and pg reach with the work this host must do.
 *
 * Environment: as `npm run bench` (BENCH_DATABASE_URL, PEERBENCH_URL,
 * YARDSTICKS_DIR, BENCH_PGBENCH_SECONDS: 8), BENCH_PEER_SECONDS (8),
 * BENCH_PEER_WARMUP_SECONDS (10), BENCH_PEER_USERS (users seeded for each of
 * the two endpoints with the rules: 100000).
 */
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdtempSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { DEFAULT_POOL_SIZE } from "@corporate-groups/adapters"
import { checkJoined, seedAbWorld } from "./abWorld.ts"
import { hasProc, postgresCpu, processCpuMs } from "./cpu.ts"
import { type HostProcess, startHost } from "./host.ts"
import type { Join } from "./load.ts"
import { PEERBENCH_URL, pgbench, pgbenchMissing, resetYardstick, YARDSTICKS } from "./pgbench.ts"
import { say, settle, withScratchDatabase } from "./scratch.ts"
import { envNumber, runMain } from "./script.ts"
import { hasWrk, THREADS as WRK_THREADS, wrkJoins } from "./wrk.ts"

const SECONDS = envNumber("BENCH_PEER_SECONDS", 8)
const WARMUP_SECONDS = envNumber("BENCH_PEER_WARMUP_SECONDS", 10)
const PGBENCH_SECONDS = envNumber("BENCH_PGBENCH_SECONDS", 8)
const USERS = envNumber("BENCH_PEER_USERS", 100_000)
const IN_FLIGHT = 64
const ENDPOINT = fileURLToPath(new URL("./peer/endpoint.mjs", import.meta.url))
const ENDPOINT_RULES = fileURLToPath(new URL("./peer/endpointRules.mjs", import.meta.url))
const SCRIPT = fileURLToPath(new URL("./peer/join.lua", import.meta.url))

/** Runs the command to its end; answers what it printed on stdout and stderr. */
const output = (command: string, args: ReadonlyArray<string>): Promise<string> =>
  new Promise((done, fail) => {
    const child = spawn(command, args)
    let text = ""
    child.stdout.on("data", (chunk: Buffer) => text += chunk.toString())
    child.stderr.on("data", (chunk: Buffer) => text += chunk.toString())
    child.on("error", fail)
    child.on("close", (code) => code === 0 ? done(text) : fail(new Error(`${command} exited with ${code}: ${text}`)))
  })

/** `seconds` of wrk with 64 connections; the answers by status and the time they took. */
const wrk = async (url: string, seconds: number) => {
  const text = await output("wrk", ["-t", "2", "-c", "64", "-d", `${seconds}s`, "--timeout", "30s", "-s", SCRIPT, url])
  const line = text.split("\n").find((l) => l.startsWith("PEER-RESULT "))
  if (line === undefined) throw new Error(`wrk printed no result: ${text}`)
  const result = JSON.parse(line.slice("PEER-RESULT ".length)) as { durationUs: number; statuses: Record<string, number> }
  const count = Object.values(result.statuses).reduce((a, b) => a + b, 0)
  if (result.statuses["200"] !== count) throw new Error(`the peer answered ${JSON.stringify(result.statuses)}`)
  return { count, perSecond: count / (result.durationUs / 1e6) }
}

const percent = (value: number, base: number) => `${((value / base) * 100).toFixed(0)}%`

interface Served {
  readonly count: number
  readonly perSecond: number
  readonly nodeMs: number
  readonly postgresMs: number
}

/** A warm-up, `between`, then the measured run, with the endpoint's and PostgreSQL's CPU over the latter. */
const serve = async (
  endpoint: HostProcess,
  run: (seconds: number) => Promise<{ count: number; perSecond: number }>,
  between: () => Promise<void>
): Promise<Served> => {
  await run(WARMUP_SECONDS)
  await between()
  const node0 = processCpuMs(endpoint.child.pid!)
  const postgres = postgresCpu()
  const result = await run(SECONDS)
  return { ...result, nodeMs: processCpuMs(endpoint.child.pid!) - node0, postgresMs: postgres() }
}

/**
 * An endpoint of `POST /v1/me/group` on a scratch database of its own (abWorld.ts), loaded
 * with distinct users through wrk.ts; the joins it answered must all have been kept.
 */
const withRules = (label: string, start: (env: Record<string, string>) => Promise<HostProcess>) =>
  withScratchDatabase("cg_benchpeer", async (url) => {
    const masterKey = randomBytes(32)
    const codes = await seedAbWorld(url, masterKey, USERS)
    await settle(url)
    const joins: Array<Join> = Array.from({ length: USERS }, (_, i) => ({ token: `tok${i + 1}`, code: codes[(i + 1) % codes.length]! }))
    const endpoint = await start({ DATABASE_URL: url, MASTER_KEY: masterKey.toString("base64") })
    let next = 0
    let answered = 0
    let runs = 0
    let served: Served
    try {
      say(`${label} at ${endpoint.url}: ${WARMUP_SECONDS} s of warm-up, then ${SECONDS} s measured…`)
      served = await serve(endpoint, async (seconds) => {
        const result = await wrkJoins(endpoint.url, joins.slice(next), IN_FLIGHT, seconds)
        if (result.statuses[200] !== result.count) throw new Error(`${label} answered ${JSON.stringify(result.statuses)}`)
        // wrk deals users to its threads by line: the next run starts past what either could have sent.
        next += WRK_THREADS * (result.count + IN_FLIGHT)
        answered += result.count
        runs++
        return result
      }, () => settle(url))
    } finally {
      await endpoint.stop()
    }
    await checkJoined(url, answered, answered + runs * IN_FLIGHT)
    return served
  })

const row = (label: string, served: Served, best: number, c64: number) =>
  `| ${label} | ${served.perSecond.toFixed(0)} | ${(served.nodeMs / served.count).toFixed(2)} | ${(served.postgresMs / served.count).toFixed(2)} | ${percent(served.perSecond, best)} | ${percent(served.perSecond, c64)} |`

const main = async () => {
  const options = { url: PEERBENCH_URL, yardsticks: YARDSTICKS, seconds: PGBENCH_SECONDS }
  const missing = await pgbenchMissing(options)
  if (missing !== null || !hasWrk() || !hasProc()) {
    say(`skipped: ${missing ?? "needs wrk on the PATH and /proc"}`)
    return
  }
  const logs = mkdtempSync(join(tmpdir(), "cg-bench-peer-"))
  // Started as the host is (host.ts): its own process, its URL read from stderr; it logs nothing.
  // The peers' pools are the host's default size, so that all three queue alike.
  const peerPool = { POOL_SIZE: String(DEFAULT_POOL_SIZE) }
  const endpoint = await startHost({ env: { PEERBENCH_URL, ...peerPool }, main: ENDPOINT, logFile: join(logs, "peer.log") })
  let peer: Served
  try {
    await resetYardstick(options)
    say(`the peer endpoint at ${endpoint.url}: ${WARMUP_SECONDS} s of warm-up, then ${SECONDS} s measured…`)
    peer = await serve(endpoint, (seconds) => wrk(endpoint.url, seconds), () => resetYardstick(options))
  } finally {
    await endpoint.stop()
  }
  const peerRules = await withRules("the peer endpoint with the rules", (env) =>
    startHost({ env: { ...env, ...peerPool }, main: ENDPOINT_RULES, logFile: join(logs, "rules.log") }))
  const host = await withRules("this host", (env) =>
    startHost({ env: { ...env, STORAGE: "postgres", HOST: "127.0.0.1", PORT: "0" }, logFile: join(logs, "host.log") }))
  say(`pgbench, 16 then 64 clients, ${PGBENCH_SECONDS} s each…`)
  const yardsticks = []
  for (const clients of [16, 64]) {
    await resetYardstick(options)
    const postgres = postgresCpu()
    const { tps, transactions } = await pgbench(options, clients)
    yardsticks.push({ clients, tps, postgresMs: postgres() / transactions })
  }
  const [c16, c64] = yardsticks as [typeof yardsticks[0], typeof yardsticks[0]]
  const best = Math.max(c16.tps, c64.tps)
  process.stdout.write([
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`,
    "",
    "| measurement | joins/s | Node CPU ms/join | PostgreSQL CPU ms/join | / pgbench best | / pgbench c64 |",
    "|---|---:|---:|---:|---:|---:|",
    ...yardsticks.map((y) => `| pgbench redeem.sql, ${y.clients} clients | ${y.tps.toFixed(0)} | | ${y.postgresMs.toFixed(2)} | ${percent(y.tps, best)} | ${percent(y.tps, c64.tps)} |`),
    row("peer endpoint (Express 5 + pg, no authentication), 64 in flight", peer, best, c64.tps),
    row("peer endpoint with the rules (authentication, throttles, audit: join.sql's statements), 64 in flight", peerRules, best, c64.tps),
    row("this host, POST /v1/me/group (default settings), 64 in flight", host, best, c64.tps)
  ].join("\n") + "\n")
}

runMain(main)

/**
 * `npm run bench:peer` (this package): the yardsticks' peer, measured on the
 * machine at hand beside pgbench in the same run. The yardsticks README
 * names a hand-written Express 5 + pg endpoint doing only the yardstick's
 * transaction, with no authentication, at ~2,800 joins/s, 35% of pgbench at
 * 64 clients, on the machine it was measured on; issue 4's bar asks this
 * host to beat that ratio. Machines of this kind differ by half in speed, so
 * the peer's ratio is worth knowing on the one the bar is measured on.
 * `bench/peer/endpoint.mjs` is such an endpoint (plain parameterized queries
 * on one pooled client, pool of 20), loaded by wrk as the host is (64
 * keep-alive connections, `bench/peer/join.lua`: random groups of 1..1,000
 * as pgbench's `-D gmin=1 -D gmax=1000`), after `physical/reset.sql`, a
 * warm-up, and another reset.
 *
 * Environment: as `npm run bench` (BENCH_DATABASE_URL, PEERBENCH_URL,
 * YARDSTICKS_DIR, BENCH_PGBENCH_SECONDS: 8), BENCH_PEER_SECONDS (8),
 * BENCH_PEER_WARMUP_SECONDS (10).
 */
import { spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { hasProc, postgresCpu, processCpuMs } from "./cpu.ts"
import { startHost } from "./host.ts"
import { PEERBENCH_URL, pgbench, pgbenchMissing, resetYardstick, YARDSTICKS } from "./pgbench.ts"
import { say } from "./scratch.ts"
import { envNumber, runMain } from "./script.ts"
import { hasWrk } from "./wrk.ts"

const SECONDS = envNumber("BENCH_PEER_SECONDS", 8)
const WARMUP_SECONDS = envNumber("BENCH_PEER_WARMUP_SECONDS", 10)
const PGBENCH_SECONDS = envNumber("BENCH_PGBENCH_SECONDS", 8)
const ENDPOINT = fileURLToPath(new URL("./peer/endpoint.mjs", import.meta.url))
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

const main = async () => {
  const options = { url: PEERBENCH_URL, yardsticks: YARDSTICKS, seconds: PGBENCH_SECONDS }
  const missing = await pgbenchMissing(options)
  if (missing !== null || !hasWrk() || !hasProc()) {
    say(`skipped: ${missing ?? "needs wrk on the PATH and /proc"}`)
    return
  }
  // Started as the host is (host.ts): its own process, its URL read from stderr; it logs nothing.
  const endpoint = await startHost({
    env: { PEERBENCH_URL },
    main: ENDPOINT,
    logFile: join(mkdtempSync(join(tmpdir(), "cg-bench-peer-")), "peer.log")
  })
  let peer
  try {
    await resetYardstick(options)
    say(`the peer endpoint at ${endpoint.url}: ${WARMUP_SECONDS} s of warm-up, then ${SECONDS} s measured…`)
    await wrk(endpoint.url, WARMUP_SECONDS)
    await resetYardstick(options)
    const node0 = processCpuMs(endpoint.child.pid!)
    const postgres = postgresCpu()
    const result = await wrk(endpoint.url, SECONDS)
    peer = { ...result, nodeMs: processCpuMs(endpoint.child.pid!) - node0, postgresMs: postgres() }
  } finally {
    await endpoint.stop()
  }
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
    `| peer endpoint (Express 5 + pg, no authentication), 64 in flight | ${peer.perSecond.toFixed(0)} | ${(peer.nodeMs / peer.count).toFixed(2)} | ${(peer.postgresMs / peer.count).toFixed(2)} | ${percent(peer.perSecond, best)} | ${percent(peer.perSecond, c64.tps)} |`
  ].join("\n") + "\n")
}

runMain(main)

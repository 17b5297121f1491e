/**
 * The load generator in C: wrk (Debian's `wrk`), driven by wrk/joins.lua.
 * The same closed loop as load.ts (`inFlight` keep-alive connections, one
 * request outstanding on each, every join from its own user) for a fraction
 * of the CPU: on 2 cores the generator's CPU is taken from what is measured,
 * and pgbench, the yardstick, is a C client too. wrk runs for a time, not a
 * count, so it measures BENCH_WRK_SECONDS (5) of joins and needs more users
 * than it will get to: a run that ran out is refused. Used when `wrk` is on
 * the PATH (BENCH_LOAD=undici uses load.ts instead); warm-ups, which are a
 * count, use load.ts (and joins.ts then warms up with wrk too: wrkJoins).
 * (wrk.thread:stop() would not help: wrk's main thread sleeps the whole -d
 * anyway, and the rate is counted over it.)
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { httpJoins, type Join, type LoadResult } from "./load.ts"

const SCRIPT = fileURLToPath(new URL("./wrk/joins.lua", import.meta.url))
/** wrk's threads: one per core of these machines. */
export const THREADS = 2

export const hasWrk = (): boolean => spawnSync("wrk", ["--version"]).error === undefined

interface WrkResult {
  readonly durationUs: number
  readonly p50Us: number
  readonly p99Us: number
  readonly errors: number
  readonly statuses: Readonly<Record<string, number>>
}

/** `POST /v1/me/group` from the users of `joins` in turn, `inFlight` at a time, for `seconds`, through wrk. */
export const wrkJoins = async (url: string, joins: ReadonlyArray<Join>, inFlight: number, seconds: number): Promise<LoadResult> => {
  const dir = mkdtempSync(join(tmpdir(), "cg-bench-wrk-"))
  const file = join(dir, "joins.txt")
  writeFileSync(file, joins.map(({ code, token }) => `${token} ${code}\n`).join(""))
  try {
    const threads = Math.min(THREADS, inFlight)
    const args = ["-t", String(threads), "-c", String(inFlight), "-d", `${seconds}s`, "--timeout", "30s", "-s", SCRIPT]
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn("wrk", [...args, url, "--", file, String(threads)])
      let text = ""
      child.stdout.on("data", (chunk: Buffer) => text += chunk.toString())
      child.stderr.on("data", (chunk: Buffer) => text += chunk.toString())
      child.on("error", reject)
      child.on("close", (code) => code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`)))
    })
    const line = output.split("\n").find((l) => l.startsWith("WRK-RESULT "))
    if (line === undefined) throw new Error(`wrk printed no result: ${output}`)
    const result = JSON.parse(line.slice("WRK-RESULT ".length)) as WrkResult
    const statuses = Object.fromEntries(Object.entries(result.statuses).map(([status, n]) => [Number(status), n]))
    if (statuses[404] !== undefined) {
      throw new Error(`wrk ran out of users (${joins.length}) within ${seconds} s: raise BENCH_JOINS or lower BENCH_WRK_SECONDS`)
    }
    const count = Object.values(statuses).reduce((a, b) => a + b, 0)
    const elapsed = result.durationUs / 1e6
    return {
      count,
      seconds: elapsed,
      perSecond: count / elapsed,
      statuses,
      p50: result.p50Us / 1000,
      p99: result.p99Us / 1000,
      samples: result.errors > 0 ? [`${result.errors} socket errors or timeouts`] : []
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface LoadGenerator {
  readonly name: string
  /** Runs for a time (wrk), stopping with joins in flight; else until every join is answered. */
  readonly timed: boolean
  /** How long a timed run measures (BENCH_WRK_SECONDS); undefined for a count. */
  readonly seconds?: number
  /** The measured joins: all of them (undici), or as many as `BENCH_WRK_SECONDS` take (wrk). */
  readonly run: (url: string, joins: ReadonlyArray<Join>, inFlight: number) => Promise<LoadResult>
}

/**
 * The load generator BENCH_LOAD names (`wrk` or `undici`); by default wrk where it is
 * installed, measuring BENCH_WRK_SECONDS, else `defaultSeconds`.
 */
export const loadGenerator = (defaultSeconds = 5): LoadGenerator => {
  const wanted = process.env["BENCH_LOAD"] ?? (hasWrk() ? "wrk" : "undici")
  if (wanted === "undici") return { name: "undici in the benchmark process (load.ts)", timed: false, run: httpJoins }
  if (wanted !== "wrk") throw new Error(`BENCH_LOAD must be wrk or undici, not ${wanted}`)
  if (!hasWrk()) throw new Error("BENCH_LOAD=wrk, but wrk is not on the PATH (Debian: apt-get install wrk)")
  const seconds = Number(process.env["BENCH_WRK_SECONDS"] || defaultSeconds)
  return {
    name: `wrk, ${THREADS} threads, ${seconds} s (wrk.ts)`,
    timed: true,
    seconds,
    run: (url, joins, inFlight) => wrkJoins(url, joins, inFlight, seconds)
  }
}

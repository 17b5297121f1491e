/**
 * `npm run bench:ab:http -- A B` (this package): whether build B of the host
 * costs less CPU per HTTP join than build A, measured as bench:ab (ab.ts)
 * measures the adapters: both at once, so that the machine's moods slow
 * both alike. A and B are `dist` folders of this package inside the
 * repository (e.g. `packages/http/dist-before`, a copy of `dist` built at the
 * commit before a change, ignored by git, and `packages/http/dist`); each
 * runs as a host process of its own (`node <dist>/main.js`, as `npm start`),
 * on one scratch database (abWorld.ts), loaded by a wrk of its own with 64
 * joins in flight from distinct users. After a warm-up, both are loaded for
 * the same windows of the wall clock, and each window compares the hosts'
 * CPU per join (the host process's, from /proc, over the window). Both load
 * the domain and adapters installed here: this compares the host's own code
 * (Express, middleware, routes) and its settings, not PostgreSQL's CPU,
 * which both share.
 *
 * The same build on both sides with other node flags compares the flags:
 * BENCH_AB_FLAGS_A, BENCH_AB_FLAGS_B (space-separated, default none).
 *
 * Environment: BENCH_DATABASE_URL (as `npm run bench`), BENCH_AB_WARMUP_S
 * (15), BENCH_AB_WINDOW_S (3), BENCH_AB_WINDOWS (8), BENCH_AB_USERS (users
 * a side: 100000, more than it joins in warm-up and windows).
 */
import { randomBytes } from "node:crypto"
import { existsSync, mkdtempSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { abReport, checkJoined, seedAbWorld, type WindowCost } from "./abWorld.ts"
import { hasProc, processCpuMs } from "./cpu.ts"
import { type HostProcess, startHost } from "./host.ts"
import type { Join, LoadResult } from "./load.ts"
import { say, withScratchDatabase } from "./scratch.ts"
import { envNumber, runMain } from "./script.ts"
import { hasWrk, THREADS as WRK_THREADS, wrkJoins } from "./wrk.ts"

const WARMUP_S = envNumber("BENCH_AB_WARMUP_S", 15)
const WINDOW_S = envNumber("BENCH_AB_WINDOW_S", 3)
const WINDOWS = envNumber("BENCH_AB_WINDOWS", 8)
const USERS = envNumber("BENCH_AB_USERS", 100_000)
const IN_FLIGHT = 64
const flags = (name: string): Array<string> => (process.env[name] ?? "").split(" ").filter((flag) => flag.length > 0)
const FLAGS_A = flags("BENCH_AB_FLAGS_A")
const FLAGS_B = flags("BENCH_AB_FLAGS_B")

const [a, b] = process.argv.slice(2).map((path) => resolve(path))
if (a === undefined || b === undefined) {
  process.stderr.write("usage: npm run bench:ab:http -- HTTP_DIST_A HTTP_DIST_B\n")
  process.exit(2)
}
for (const dist of [a, b]) if (!existsSync(join(dist, "main.js"))) throw new Error(`${dist}/main.js is missing`)
if (!hasWrk() || !hasProc()) throw new Error("bench:ab:http needs wrk on the PATH and /proc")

interface Window {
  readonly joins: number
  readonly cpuMs: number
}

/** One side: a host and the users it has not been sent yet. */
interface Side {
  readonly host: HostProcess
  readonly joins: ReadonlyArray<Join>
  next: number
}

/**
 * `seconds` of wrk on the side, from its next unused user; answers the
 * host's CPU over that time and the joins wrk counted. wrk deals the users
 * to its threads by line (wrk/joins.lua), and one thread may get further
 * than the other, so the next run starts past every line either could have
 * sent: threads × (joins + those in flight when wrk stopped).
 */
const load = async (side: Side, seconds: number): Promise<Window> => {
  const before = processCpuMs(side.host.child.pid!)
  const result: LoadResult = await wrkJoins(side.host.url, side.joins.slice(side.next), IN_FLIGHT, seconds)
  const cpuMs = processCpuMs(side.host.child.pid!) - before
  side.next += WRK_THREADS * (result.count + IN_FLIGHT)
  if (result.statuses[200] !== result.count) throw new Error(`${side.host.url}: not every join succeeded: ${JSON.stringify(result.statuses)}`)
  return { joins: result.count, cpuMs }
}

const cost = (w: Window): WindowCost => ({ joins: w.joins, usPerJoin: (w.cpuMs * 1000) / w.joins })

const main = async () => {
  const masterKey = randomBytes(32)
  const { ofA, ofB } = await withScratchDatabase("cg_benchabhttp", async (url) => {
    const codes = await seedAbWorld(url, masterKey, 2 * USERS)
    const usersFrom = (from: number): Array<Join> =>
      Array.from({ length: USERS }, (_, i) => ({ token: `tok${from + i + 1}`, code: codes[(from + i + 1) % codes.length]! }))
    const env = { STORAGE: "postgres", DATABASE_URL: url, MASTER_KEY: masterKey.toString("base64"), HOST: "127.0.0.1", PORT: "0" }
    const logs = mkdtempSync(join(tmpdir(), "cg-bench-abhttp-"))
    const measured = { ofA: [] as Array<Window>, ofB: [] as Array<Window>, warm: [] as Array<Window> }
    const hostA = await startHost({ env, main: join(a, "main.js"), nodeFlags: FLAGS_A, logFile: join(logs, "a.log") })
    try {
      const hostB = await startHost({ env, main: join(b, "main.js"), nodeFlags: FLAGS_B, logFile: join(logs, "b.log") })
      try {
        const sideA: Side = { host: hostA, joins: usersFrom(0), next: 0 }
        const sideB: Side = { host: hostB, joins: usersFrom(USERS), next: 0 }
        say(`A (${a}) and B (${b}) at once: ${WARMUP_S} s of warm-up, then ${WINDOWS} windows of ${WINDOW_S} s (logs in ${logs})…`)
        measured.warm = await Promise.all([load(sideA, WARMUP_S), load(sideB, WARMUP_S)])
        for (let w = 0; w < WINDOWS; w++) {
          const [wa, wb] = await Promise.all([load(sideA, WINDOW_S), load(sideB, WINDOW_S)])
          measured.ofA.push(wa)
          measured.ofB.push(wb)
        }
      } finally {
        await hostB.stop()
      }
    } finally {
      await hostA.stop()
    }
    // Every join counted was kept, and those in flight when a wrk stopped may have been; none beyond.
    const counted = [...measured.ofA, ...measured.ofB, ...measured.warm].reduce((sum, w) => sum + w.joins, 0)
    await checkJoined(url, counted, counted + (WINDOWS + 1) * 2 * IN_FLIGHT)
    return measured
  })
  process.stdout.write(abReport([
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; two hosts at once, HTTP joins, ${IN_FLIGHT} each in flight (wrk)`,
    `A: ${a} ${FLAGS_A.join(" ")}`,
    `B: ${b} ${FLAGS_B.join(" ")}`
  ], "host", ofA.map(cost), ofB.map(cost)))
}

runMain(main)

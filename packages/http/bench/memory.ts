/**
 * `npm run bench:memory` (this package): the host's own CPU per join, with no
 * SQL in the picture. One host process (`node dist/main.js`, STORAGE=memory,
 * request logs on, written to a file) serves `POST /v1/me/group` from the
 * same load generator as the Postgres benchmark (load.ts), 64 in flight.
 * The memory store lives inside the host, so the world is prepared over HTTP
 * (PASSWORD_HASHING=fast: registration and sign-in are not what is measured):
 * active groups, and users signed in as apps, given the codes round-robin.
 * Then a warm-up, then several measured rounds of fresh users, each printed
 * on its own line, so the spread between rounds is visible.
 *
 * `-- --profile` runs the host under `node --cpu-prof` and summarizes only
 * the samples taken during the measured rounds (the setup is cut out).
 *
 * Environment: BENCH_JOINS (users per round: 3000, or 8000 with wrk, which
 * measures BENCH_WRK_SECONDS (1) of joins a round), BENCH_ROUNDS (3),
 * BENCH_WARMUP (8000, as joins.ts: the JIT's tiers), BENCH_GROUPS (200), BENCH_IN_FLIGHT (64), BENCH_LOAD
 * (wrk or undici, as in joins.ts), BENCH_HOST_FLAGS (node flags for the host, as in joins.ts).
 */
import { randomBytes } from "node:crypto"
import { existsSync, mkdtempSync, readdirSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { Pool } from "undici"
import { measureCpu } from "./cpu.ts"
import { HOST_MAIN, startHost } from "./host.ts"
import { httpJoins, type Join } from "./load.ts"
import { loadGenerator } from "./wrk.ts"
import { summarizeFile } from "./profile.ts"
import { forEachIndex } from "./world.ts"
import { envNumber, runMain } from "./script.ts"

// wrk measures a time, not a count (wrk.ts), and must not run out of users within it:
// 1 s a round with 8,000 users each covers up to 8,000 joins/s (a host here does 3,000–5,000).
const LOAD = loadGenerator(1)
const JOINS = envNumber("BENCH_JOINS", LOAD.timed ? 8000 : 3000)
const ROUNDS = envNumber("BENCH_ROUNDS", 3)
const WARMUP = envNumber("BENCH_WARMUP", 8000)
const GROUPS = envNumber("BENCH_GROUPS", 200)
const IN_FLIGHT = envNumber("BENCH_IN_FLIGHT", 64)
const PROFILE = process.argv.includes("--profile")
const PASSWORD = "correct horse battery staple"

const say = (line: string) => process.stderr.write(`bench: ${line}\n`)

/** A JSON request that must answer `expected`; answers the parsed body. */
const call = async (pool: Pool, method: "POST", path: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await pool.request({
    method,
    path,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body)
  })
  const text = await response.body.text()
  if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 200)}`)
  return JSON.parse(text) as Record<string, any>
}

const prepareGroups = (pool: Pool, seats: number): Promise<Array<string>> =>
  forEachIndex(GROUPS, 16, async (i) => {
    const email = `bench-admin-${i}@example.com`
    const registered = await call(pool, "POST", "/v1/groups", {
      name: `Bench ${i}`,
      seats,
      admin: { email, password: PASSWORD, passwordConfirmation: PASSWORD }
    })
    const { token } = await call(pool, "POST", "/v1/sessions", { login: email, password: PASSWORD, client: "cabinet" })
    await call(pool, "POST", `/v1/admin/invoices/${registered["invoice"].id}/payments`, { paymentMethod: "tok_visa" }, {
      authorization: `Bearer ${token}`,
      "idempotency-key": `bench-first-${i}`
    })
    return registered["group"].corporateCode as string
  })

const prepareUsers = (pool: Pool, prefix: string, count: number, codes: ReadonlyArray<string>): Promise<Array<Join>> =>
  forEachIndex(count, 16, async (i) => {
    const trueconfId = `${prefix}${i}`
    await call(pool, "POST", "/v1/users", {
      trueconfId,
      email: `${trueconfId}@example.com`,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      firstName: "Bench",
      lastName: `User ${i}`,
      country: "GB"
    })
    const { token } = await call(pool, "POST", "/v1/sessions", { login: trueconfId, password: PASSWORD, client: "app" })
    return { token: token as string, code: codes[i % codes.length]! }
  })

const main = async () => {
  if (!existsSync(HOST_MAIN)) throw new Error(`${HOST_MAIN} is missing: run \`npm run build\` first`)
  const profileDir = mkdtempSync(join(tmpdir(), "cg-bench-prof-"))
  const logFile = join(mkdtempSync(join(tmpdir(), "cg-bench-log-")), "host.log")
  const host = await startHost({
    env: { STORAGE: "memory", PASSWORD_HASHING: "fast", MASTER_KEY: randomBytes(32).toString("base64"), PORT: "0" },
    logFile,
    nodeFlags: [...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...(process.env["BENCH_HOST_FLAGS"] ?? "").split(" ").filter((flag) => flag.length > 0)]
  })
  say(`host ${host.url} (STORAGE=memory, request log: ${logFile})${PROFILE ? `, profiling into ${profileDir}` : ""}`)
  const lines: Array<string> = []
  let window: { fromNs: bigint; toNs: bigint } | undefined
  try {
    const setup = new Pool(host.url, { connections: 16 })
    const seats = Math.ceil((WARMUP + ROUNDS * JOINS) / GROUPS) + 1
    say(`preparing ${GROUPS} groups of ${seats} seats and ${WARMUP + ROUNDS * JOINS} users over HTTP…`)
    const codes = await prepareGroups(setup, seats)
    const warm = await prepareUsers(setup, "warm", WARMUP, codes)
    const rounds: Array<Array<Join>> = []
    for (let r = 0; r < ROUNDS; r++) rounds.push(await prepareUsers(setup, `r${r}u`, JOINS, codes))
    await setup.close()

    await httpJoins(host.url, warm, IN_FLIGHT)
    const fromNs = process.hrtime.bigint()
    for (const [r, users] of rounds.entries()) {
      const { cpu, value: result } = await measureCpu(host.child.pid!, () => LOAD.run(host.url, users, IN_FLIGHT))
      if (result.statuses[200] !== result.count) throw new Error(`round ${r + 1}: ${JSON.stringify(result.statuses)} ${result.samples.join(" | ")}`)
      const us = (ms: number | undefined) => (ms === undefined ? "–" : ((ms * 1000) / result.count).toFixed(0))
      lines.push(
        `| ${r + 1} | ${result.perSecond.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${us(cpu?.nodeMs)} | ${us(cpu?.loadMs)} |`
      )
    }
    window = { fromNs, toNs: process.hrtime.bigint() }
  } finally {
    const code = await host.stop()
    if (code !== 0) say(`the host exited with ${code}`)
  }
  process.stdout.write([
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; load average (1 min) ${loadavg()[0]!.toFixed(2)}`,
    `HTTP POST /v1/me/group, STORAGE=memory, 1 host, ${IN_FLIGHT} in flight, ${JOINS} joins a round after ${WARMUP} warm-up`,
    `load generator: ${LOAD.name}`,
    "",
    "| round | joins/s | p50 ms | p99 ms | host CPU µs/join | load generator CPU µs/join |",
    "|---:|---:|---:|---:|---:|---:|",
    ...lines
  ].join("\n") + "\n")
  if (PROFILE && window !== undefined) {
    const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"))
    if (file === undefined) say(`no .cpuprofile in ${profileDir}`)
    else process.stdout.write(`\nprofile of the host, measured rounds only: ${join(profileDir, file)}\n\n${summarizeFile(join(profileDir, file), 40, window)}\n`)
  }
}

runMain(main)

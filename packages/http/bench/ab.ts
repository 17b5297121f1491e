/**
 * `npm run bench:ab -- A B` (this package): whether build B of the adapters
 * costs the host less CPU per join than build A, on a machine whose speed
 * moves by a third within minutes (a run of one build, then of the other,
 * mostly measures the machine). Both builds run at once, each `joinGroup`
 * in a process of its own (ab-worker.ts: 64 at once, the host's default pool, as the
 * host), on one scratch database: after a warm-up, both measure the same
 * windows of the wall clock, so whatever slows the machine slows both, and
 * each window's ratio of host CPU per join compares them under the same
 * conditions. A and B are `dist` folders of @corporate-groups/adapters
 * inside the repository (so that each loads the domain, effect and pg
 * installed here): a copy of `packages/adapters/dist` built at the commit
 * before a change (`packages/adapters/dist-before`, ignored by git), and the
 * current one.
 *
 * It measures only the Node side of the use case (guard, decoding, the
 * code's hash, the store's transaction, the driver), not PostgreSQL's CPU,
 * which both share. The world is plain SQL (sql/seed.sql: 1,000 groups,
 * users never members), the groups' code lookup hashes set from codes
 * hashed by this build's `Secrets`, so the domain's own lookup finds them.
 *
 * Environment: BENCH_DATABASE_URL (as `npm run bench`), BENCH_AB_WARMUP_MS
 * (10000), BENCH_AB_WINDOW_MS (2500), BENCH_AB_WINDOWS (8), BENCH_AB_USERS
 * (users a side: 100000, more than it joins in warm-up and windows).
 */
import { execFile } from "node:child_process"
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { abReport, checkJoined, seedAbWorld, type WindowCost } from "./abWorld.ts"
import { say, withScratchDatabase } from "./scratch.ts"
import { envNumber, runMain } from "./script.ts"

const run = promisify(execFile)
const WARMUP_MS = envNumber("BENCH_AB_WARMUP_MS", 10_000)
const WINDOW_MS = envNumber("BENCH_AB_WINDOW_MS", 2500)
const WINDOWS = envNumber("BENCH_AB_WINDOWS", 8)
const USERS = envNumber("BENCH_AB_USERS", 100_000)
const WORKER = fileURLToPath(new URL("./ab-worker.ts", import.meta.url))

const [a, b] = process.argv.slice(2).map((path) => resolve(path))
if (a === undefined || b === undefined) {
  process.stderr.write("usage: npm run bench:ab -- ADAPTERS_DIST_A ADAPTERS_DIST_B\n")
  process.exit(2)
}

interface Window {
  readonly joins: number
  readonly cpuUs: number
}

const cost = (w: Window): WindowCost => ({ joins: w.joins, usPerJoin: w.cpuUs / w.joins })

const main = async () => {
  const masterKey = randomBytes(32)
  const { ofA, ofB } = await withScratchDatabase("cg_benchab", async (url) => {
    const codes = await seedAbWorld(url, masterKey, 2 * USERS)
    const codesFile = join(tmpdir(), `cg-bench-ab-${randomBytes(4).toString("hex")}.json`)
    writeFileSync(codesFile, JSON.stringify(codes))
    const start = Date.now() + WARMUP_MS
    say(`A (${a}) and B (${b}) at once: ${WARMUP_MS / 1000} s of warm-up, then ${WINDOWS} windows of ${WINDOW_MS / 1000} s…`)
    const side = (adapters: string, from: number) =>
      run(process.execPath, [WORKER], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          MASTER_KEY: masterKey.toString("base64"),
          AB_ADAPTERS: adapters,
          AB_CODES: codesFile,
          AB_FROM: String(from),
          AB_USERS: String(USERS),
          AB_START: String(start),
          AB_WINDOW_MS: String(WINDOW_MS),
          AB_WINDOWS: String(WINDOWS)
        },
        maxBuffer: 1024 * 1024
      }).then(({ stdout }) => JSON.parse(stdout) as { measured: Array<Window>; joined: number })
    const [sideA, sideB] = await Promise.all([side(a, 0), side(b, USERS)])
    const joined = sideA.joined + sideB.joined
    await checkJoined(url, joined, joined)
    return { ofA: sideA.measured, ofB: sideB.measured }
  })
  process.stdout.write(abReport([
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; joinGroup in process, two builds at once, 64 each in flight`,
    `A: ${a}`,
    `B: ${b}`
  ], "host", ofA.map(cost), ofB.map(cost)))
}

runMain(main)

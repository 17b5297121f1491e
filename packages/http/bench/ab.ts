/**
 * `npm run bench:ab -- A B` (this package): whether build B of the adapters
 * costs the host less CPU per join than build A, on a machine whose speed
 * moves by a third within minutes (a run of one build, then of the other,
 * mostly measures the machine). Both builds run at once, each `joinGroup`
 * in a process of its own (ab-worker.ts: 64 at once, a pool of 20, as the
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
import { corporateCodeFromBytes, Secrets } from "@corporate-groups/domain"
import { NodeSecrets } from "@corporate-groups/adapters"
import { Effect } from "effect"
import { migrate, psql, say, withScratchDatabase } from "./scratch.ts"
import { envNumber, runMain } from "./script.ts"

const run = promisify(execFile)
const WARMUP_MS = envNumber("BENCH_AB_WARMUP_MS", 10_000)
const WINDOW_MS = envNumber("BENCH_AB_WINDOW_MS", 2500)
const WINDOWS = envNumber("BENCH_AB_WINDOWS", 8)
const USERS = envNumber("BENCH_AB_USERS", 100_000)
const GROUPS = 1000
const SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url))
const WORKER = fileURLToPath(new URL("./ab-worker.ts", import.meta.url))

const [a, b] = process.argv.slice(2).map((path) => resolve(path))
if (a === undefined || b === undefined) {
  process.stderr.write("usage: npm run bench:ab -- ADAPTERS_DIST_A ADAPTERS_DIST_B\n")
  process.exit(2)
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = values.toSorted((x, y) => x - y)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

interface Window {
  readonly joins: number
  readonly cpuUs: number
}

const perJoin = (w: Window) => w.cpuUs / w.joins

const main = async () => {
  const masterKey = randomBytes(32)
  const { ofA, ofB } = await withScratchDatabase("cg_benchab", async (url) => {
    say(`seeding a scratch database: ${GROUPS} groups, ${2 * USERS} users…`)
    await migrate(url)
    await psql(url, "-v", `users=${2 * USERS}`, "-f", resolve(SQL_DIR, "seed.sql"))
    // Codes the domain can find: their lookup hashes as this master key's Secrets computes them.
    const codes = Array.from({ length: GROUPS }, () => corporateCodeFromBytes(randomBytes(10)))
    const hashes = await Effect.runPromise(
      Effect.gen(function*() {
        const secrets = yield* Secrets
        return yield* Effect.forEach(codes, (code) => secrets.codeLookupHash(code))
      }).pipe(Effect.provide(NodeSecrets.layer(masterKey)))
    )
    // Code i goes to group i (group 1,000 gets code 0), as ab-worker.ts gives user n `codes[n % 1000]`.
    const updates = hashes.map((hash, i) => `update groups set code_lookup_hash = '${hash}' where id = md5('g' || ${i === 0 ? GROUPS : i})::uuid;`)
    const script = join(tmpdir(), `cg-bench-ab-${randomBytes(4).toString("hex")}.sql`)
    writeFileSync(script, updates.join("\n"))
    await psql(url, "-f", script)
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
    // Every join answered took a seat, made a membership and an event; nobody is over.
    const joined = sideA.joined + sideB.joined
    const { stdout: check } = await psql(url, "-Atc",
      "select count(*), (select sum(members) from groups), (select count(*) from outbox), (select count(*) from groups where members > seats) from memberships")
    const expected = `${joined}|${joined}|${joined}|0`
    if (check.trim() !== expected) throw new Error(`the joins left ${check.trim()} (memberships|counters|events|over), expected ${expected}`)
    return { ofA: sideA.measured, ofB: sideB.measured }
  })
  const ratios = ofA.map((w, i) => perJoin(ofB[i]!) / perJoin(w))
  const rows = ofA.map((w, i) =>
    `| ${i + 1} | ${w.joins} | ${perJoin(w).toFixed(1)} | ${ofB[i]!.joins} | ${perJoin(ofB[i]!).toFixed(1)} | ${(ratios[i]! * 100).toFixed(0)}% |`)
  process.stdout.write([
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; joinGroup in process, two builds at once, 64 each in flight`,
    `A: ${a}`,
    `B: ${b}`,
    "",
    "| window | A joins | A host CPU µs/join | B joins | B host CPU µs/join | B / A |",
    "|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    `B / A, median of ${WINDOWS} windows: ${(median(ratios) * 100).toFixed(0)}% (lowest ${(Math.min(...ratios) * 100).toFixed(0)}%, highest ${(Math.max(...ratios) * 100).toFixed(0)}%)`
  ].join("\n") + "\n")
}

runMain(main)

/**
 * The yardstick (shared/yardsticks): pgbench running the minimal SQL of a
 * join (look the group up by code hash, conditional counter update,
 * membership insert, outbox insert, commit) against the `peerbench` database
 * that `yardsticks/setup-db.sh` created, after `physical/reset.sql`.
 */
import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { serverUrl, withDatabase } from "./scratch.ts"

const run = promisify(execFile)

/** The shared yardsticks (YARDSTICKS_DIR, default `../shared/yardsticks` beside the repository). */
export const YARDSTICKS = process.env["YARDSTICKS_DIR"] ?? resolve(fileURLToPath(new URL("../../../", import.meta.url)), "../shared/yardsticks")
/** Their database, made by `yardsticks/setup-db.sh` (PEERBENCH_URL, default `peerbench` on the benchmarks' server). */
export const PEERBENCH_URL = process.env["PEERBENCH_URL"] ?? withDatabase(serverUrl, "peerbench")

export interface PgbenchOptions {
  /** `postgres://…/peerbench` */
  readonly url: string
  /** The folder holding `physical/redeem.sql` and `physical/reset.sql`. */
  readonly yardsticks: string
  readonly seconds: number
}

/** Why pgbench cannot run here, or null when it can. */
export const pgbenchMissing = async (options: PgbenchOptions): Promise<string | null> => {
  for (const file of ["redeem.sql", "reset.sql"]) {
    if (!existsSync(join(options.yardsticks, "physical", file))) return `${join(options.yardsticks, "physical", file)} is missing`
  }
  try {
    await run("pgbench", ["--version"])
  } catch {
    return "pgbench is not installed"
  }
  try {
    const { stdout } = await run("psql", [options.url, "-Atc", "select count(*) from phys.groups"])
    if (Number(stdout.trim()) < 1001) return `${options.url} has no yardstick schema (run yardsticks/setup-db.sh)`
  } catch (error) {
    return `${options.url} does not answer (${String(error).split("\n")[0]})`
  }
  return null
}

export interface PgbenchResult {
  /** Transactions per second, without the initial connection time. */
  readonly tps: number
  readonly transactions: number
}

/** `physical/reset.sql`: empties the write tables, zeroes the counters, vacuums and checkpoints. */
export const resetYardstick = async (options: PgbenchOptions): Promise<void> => {
  await run("psql", [options.url, "-q", "-v", "ON_ERROR_STOP=1", "-f", join(options.yardsticks, "physical", "reset.sql")])
}

/** What a pgbench run is told: a script, its `-D` variables, and where it runs. */
export interface PgbenchRun {
  readonly url: string
  readonly script: string
  readonly defines?: Readonly<Record<string, string>>
  readonly clients: number
  readonly seconds: number
}

/** Runs one pgbench script with prepared statements; a failed transaction fails the run. */
export const pgbenchScript = async ({ clients, defines = {}, script, seconds, url }: PgbenchRun): Promise<PgbenchResult> => {
  const { stdout } = await run("pgbench", [
    "-n", "-M", "prepared",
    "-f", script,
    ...Object.entries(defines).flatMap(([name, value]) => ["-D", `${name}=${value}`]),
    "-c", String(clients), "-j", "2", "-T", String(seconds),
    url
  ], { maxBuffer: 16 * 1024 * 1024 })
  const tps = /tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout)
  const processed = /number of transactions actually processed: ([0-9]+)/.exec(stdout)
  const failed = /number of failed transactions: ([0-9]+)/.exec(stdout)
  if (tps === null || processed === null) throw new Error(`unexpected pgbench output:\n${stdout}`)
  if (failed !== null && failed[1] !== "0") throw new Error(`pgbench: ${failed[1]} failed transactions`)
  return { tps: Number(tps[1]), transactions: Number(processed[1]) }
}

/** Runs the yardstick with `clients` clients (after `resetYardstick`). */
export const pgbench = (options: PgbenchOptions, clients: number): Promise<PgbenchResult> =>
  pgbenchScript({
    url: options.url,
    script: join(options.yardsticks, "physical", "redeem.sql"),
    defines: { gmin: "1", gmax: "1000" },
    clients,
    seconds: options.seconds
  })

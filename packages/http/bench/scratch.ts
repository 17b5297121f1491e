/**
 * A scratch database on the benchmarks' server for SQL-seeded worlds
 * (sql.ts, ab.ts): created, migrated by the project's own migrations (the
 * host's start runs them), filled by `sql/seed.sql`, and dropped at the end.
 */
import { execFile } from "node:child_process"
import { randomBytes } from "node:crypto"
import { promisify } from "node:util"
import { appServicesLayer, domainConfigOf, makeAppRuntime, readSettings, resolveMasterKey } from "@corporate-groups/http"
import { Effect } from "effect"

const run = promisify(execFile)

export const serverUrl = process.env["BENCH_DATABASE_URL"] ?? process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres"

export const withDatabase = (url: string, name: string): string => {
  const target = new URL(url)
  target.pathname = `/${name}`
  return target.toString()
}

export const say = (line: string) => process.stderr.write(`bench: ${line}\n`)

export const psql = (url: string, ...args: Array<string>) =>
  run("psql", [url, "-q", "-v", "ON_ERROR_STOP=1", ...args], { maxBuffer: 16 * 1024 * 1024 })

/** Writes out dirty pages and refreshes statistics, so each measurement starts from the same state. */
export const settle = async (url: string): Promise<void> => {
  await psql(url, "-c", "vacuum analyze", "-c", "checkpoint")
}

/** The scratch database's schema, by the project's own migrations (the host's start runs them). */
export const migrate = async (url: string) => {
  const settings = readSettings({
    STORAGE: "postgres",
    DATABASE_URL: url,
    MASTER_KEY: randomBytes(32).toString("base64"),
    PASSWORD_HASHING: "fast"
  })
  const runtime = makeAppRuntime(
    appServicesLayer(settings.storage, resolveMasterKey(settings), settings.passwordHashing),
    domainConfigOf(settings)
  )
  try {
    await runtime.runPromise(Effect.void)
  } finally {
    await runtime.dispose()
  }
}

/** Runs `use` with a fresh database named `prefix_…` on the server, dropped afterwards whatever happened. */
export const withScratchDatabase = async <A>(prefix: string, use: (url: string) => Promise<A>): Promise<A> => {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`
  await psql(serverUrl, "-c", `create database ${name}`)
  try {
    return await use(withDatabase(serverUrl, name))
  } finally {
    await psql(serverUrl, "-c", `drop database if exists ${name} with (force)`).catch((error) => say(`could not drop ${name}: ${String(error)}`))
  }
}

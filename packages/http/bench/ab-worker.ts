/**
 * One side of `npm run bench:ab` (ab.ts): `joinGroup` in process, on the
 * adapters build at AB_ADAPTERS (a `dist` folder of @corporate-groups/adapters),
 * 64 at once over the host's default pool as the host runs it, for users AB_FROM + 1 …
 * AB_FROM + AB_USERS, the groups' codes read from AB_CODES. It joins from the
 * moment it is ready (the warm-up) until AB_START, then measures AB_WINDOWS
 * windows of AB_WINDOW_MS on the wall clock, the same windows as the other
 * side's, and prints one JSON line: the joins answered and the process's CPU
 * µs in each window.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { pathToFileURL } from "node:url"
import { DomainConfig, joinGroup, type UserPrincipal } from "@corporate-groups/domain"
import { domainConfigOf, readSettings } from "@corporate-groups/http"
import { Layer, ManagedRuntime } from "effect"

const env = process.env
const need = (name: string): string => {
  const value = env[name]
  if (value === undefined || value === "") throw new Error(`ab-worker: ${name} is not set`)
  return value
}
const url = need("DATABASE_URL")
const masterKey = Buffer.from(need("MASTER_KEY"), "base64")
const codes = JSON.parse(readFileSync(need("AB_CODES"), "utf8")) as ReadonlyArray<string>
const from = Number(need("AB_FROM"))
const users = Number(need("AB_USERS"))
const start = Number(need("AB_START"))
const windowMs = Number(need("AB_WINDOW_MS"))
const windows = Number(need("AB_WINDOWS"))
const IN_FLIGHT = 64

// The build under test, loaded by path: the domain, effect and pg resolve from beside it, as for the installed one.
const { PostgresAdapters } = await import(pathToFileURL(`${need("AB_ADAPTERS")}/index.js`).href) as typeof import("@corporate-groups/adapters")
const config = domainConfigOf(readSettings({ STORAGE: "postgres", DATABASE_URL: url, MASTER_KEY: need("MASTER_KEY") }))
const runtime = ManagedRuntime.make(Layer.merge(
  PostgresAdapters.layer({ database: { driver: "postgres", url, migrate: false }, masterKey, fastHashing: true }),
  Layer.succeed(DomainConfig, config)
))

/** `md5(text)::uuid`, as sql/seed.sql names its users and sessions. */
const md5Uuid = (text: string): string => {
  const hex = createHash("md5").update(text).digest("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

let next = from
let answered = 0
const join = async () => {
  const n = ++next
  if (n > from + users) throw new Error(`ab-worker: ran out of users after ${users}; raise BENCH_AB_USERS`)
  const principal = { kind: "user", userId: md5Uuid(`u${n}`), sessionId: md5Uuid(`s${n}`) } as unknown as UserPrincipal
  await runtime.runPromise(joinGroup(principal, { corporateCode: codes[n % codes.length] }, { address: "10.0.0.1" }))
  answered++
}

const end = start + windows * windowMs
const load = Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
  while (Date.now() < end) await join()
}))

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))
const measured: Array<{ joins: number; cpuUs: number }> = []
await sleepUntil(start)
let before = { cpu: process.cpuUsage(), joins: answered }
for (let w = 1; w <= windows; w++) {
  await sleepUntil(start + w * windowMs)
  const cpu = process.cpuUsage(before.cpu)
  measured.push({ joins: answered - before.joins, cpuUs: cpu.user + cpu.system })
  before = { cpu: process.cpuUsage(), joins: answered }
}
await load
await runtime.dispose()
process.stdout.write(JSON.stringify({ measured, joined: next - from }) + "\n")

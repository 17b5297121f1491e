/**
 * API.md §0 and issue 4's third bar: three host processes (`node dist/main.js`,
 * STORAGE=postgres, one MASTER_KEY) share one database on a real server.
 * They start at the same moment, so their migrations race (the Migrator's
 * advisory lock must make that safe). Then 300 users, registered and signed
 * in through all three hosts, join one group of S seats at once, round-robin
 * over the hosts: exactly S join (R11, R12), every other answer is 409
 * `group-full`, and no answer is a 5xx. The counter, the membership rows and
 * the outbox are checked by SQL as well as through `GET /v1/admin/group`. The
 * hosts stop on SIGTERM with exit code 0, and the scratch database is dropped.
 *
 * Needs a Postgres server: skipped when DATABASE_URL is unset (CI sets
 * DATABASE_URL=postgres://postgres@127.0.0.1:5432/test). Needs the built host
 * (`npm run build`; turbo builds it before this package's tests).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { afterAll, assert, beforeAll, describe, expect, it } from "vitest"
import { type Client, clientOf, isProblem, type Received } from "./support/Client.js"
import { PASSWORD } from "./support/Scenario.js"

const DATABASE_URL = process.env["DATABASE_URL"]
const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url))

const HOSTS = 3
const USERS = 300
const SEATS = 100
/** Each host's pool: 3 × 4 connections, small enough beside the other test files CI runs at once. */
const POOL_SIZE = 4
/** How many setup requests (registrations, sign-ins) are in flight at once. */
const SETUP_CONCURRENCY = 30

interface Host {
  readonly process: ChildProcess
  readonly url: string
  readonly client: Client
  readonly exited: Promise<number | null>
  readonly output: () => string
}

const adminQuery = async (url: string, text: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  client.on("error", () => {})
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Starts `node dist/main.js`; resolves once it prints its URL, rejects if it exits first. */
const startHost = (env: Record<string, string>): Promise<Host> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env["PATH"] ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    const output = () => out
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      // main.ts prints `Corporate groups API listening on http://127.0.0.1:PORT (storage: postgres)` on stderr.
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match !== null) {
        child.stderr.off("data", onData)
        resolve({ process: child, url: match[1]!, client: clientOf(match[1]!), exited, output })
      }
    }
    child.stdout.on("data", (chunk: Buffer) => void (out += chunk.toString()))
    child.stderr.on("data", onData)
    child.once("error", reject)
    void exited.then((code) => reject(new Error(`host exited with ${code} before listening:\n${out}`)))
  })

/** Runs `task` over `items` with at most `limit` in flight. */
const inBatches = async <A, B>(items: ReadonlyArray<A>, limit: number, task: (item: A, index: number) => Promise<B>) => {
  const results: Array<B> = []
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

const expectStatus = (response: Received, status: number, what: string) =>
  assert.strictEqual(response.status, status, `${what}: ${response.text}`)

describe.skipIf(DATABASE_URL === undefined)(
  `three host processes on one Postgres database${
    DATABASE_URL === undefined ? " (skipped: DATABASE_URL is not set; CI sets postgres://postgres@127.0.0.1:5432/test)" : ""
  }`,
  () => {
    const serverUrl = DATABASE_URL ?? ""
    const dbName = `cg_http_mp_${randomBytes(6).toString("hex")}`
    // Computed in beforeAll: a skipped suite still runs this callback, without a URL.
    let scratchUrl = ""
    let hosts: Array<Host> = []
    let created = false

    beforeAll(async () => {
      if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`)
      const url = new URL(serverUrl)
      url.pathname = `/${dbName}`
      scratchUrl = url.toString()
      await adminQuery(serverUrl, `create database ${dbName}`)
      created = true
      const env = {
        STORAGE: "postgres",
        DATABASE_URL: scratchUrl,
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        MASTER_KEY: randomBytes(32).toString("base64"),
        HOST: "127.0.0.1",
        PORT: "0",
        // 600 scrypt runs at OWASP's cost would take minutes on 2 cores (tests and benchmarks only).
        PASSWORD_HASHING: "fast",
        LOG_LEVEL: "warn",
        SHUTDOWN_TIMEOUT_SECONDS: "5"
      }
      // All three at the same moment: their migrations run concurrently against the empty database.
      const started = await Promise.allSettled(Array.from({ length: HOSTS }, () => startHost(env)))
      hosts = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []))
      const failed = started.find((result) => result.status === "rejected")
      if (failed !== undefined) throw (failed as PromiseRejectedResult).reason
    })

    afterAll(async () => {
      for (const host of hosts) if (host.process.exitCode === null) host.process.kill("SIGKILL")
      if (created) {
        await adminQuery(serverUrl, `drop database if exists ${dbName} with (force)`)
      }
    })

    it("the concurrent starts migrated the database once", async () => {
      expect(new Set(hosts.map((host) => host.url)).size).toBe(HOSTS)
      const db = new pg.Client({ connectionString: scratchUrl })
      await db.connect()
      try {
        const { rows } = await db.query<{ name: string; runs: string }>(
          "select name, count(*)::text as runs from kysely_migration group by name"
        )
        expect(rows.length).toBeGreaterThan(0)
        for (const row of rows) assert.strictEqual(row.runs, "1", `migration ${row.name} ran ${row.runs} times`)
      } finally {
        await db.end()
      }
    })

    it(`R11 R12 ${USERS} concurrent joins through ${HOSTS} hosts into ${SEATS} seats: exactly ${SEATS} members, no 5xx`, async () => {
      const [first] = hosts as [Host]
      // A group with S seats, registered, signed into and paid through the first host.
      const adminEmail = `admin-${dbName}@example.com`
      const registered = await first.client("POST", "/v1/groups", {
        body: { name: "Race", seats: SEATS, admin: { email: adminEmail, password: PASSWORD, passwordConfirmation: PASSWORD } }
      })
      expectStatus(registered, 201, "register the group")
      const { corporateCode: code, id: groupId } = registered.body.group as { corporateCode: string; id: string }
      const session = await first.client("POST", "/v1/sessions", {
        body: { login: adminEmail, password: PASSWORD, client: "cabinet" }
      })
      expectStatus(session, 201, "admin sign-in")
      const adminToken = session.body.token as string
      const paid = await first.client("POST", `/v1/admin/invoices/${registered.body.invoice.id}/payments`, {
        token: adminToken,
        headers: { "Idempotency-Key": `first-${dbName}` },
        body: { paymentMethod: "tok_visa" }
      })
      expectStatus(paid, 201, "pay the first invoice")
      expect(paid.body.invoice.status).toBe("paid")

      // 300 users registered through the hosts in turn, each signed in (as an app) through the next host.
      const ids = Array.from({ length: USERS }, (_, i) => i)
      const tokens = await inBatches(ids, SETUP_CONCURRENCY, async (i) => {
        const trueconfId = `racer${i}`
        const user = await hosts[i % HOSTS]!.client("POST", "/v1/users", {
          body: {
            trueconfId,
            email: `${trueconfId}@example.com`,
            password: PASSWORD,
            passwordConfirmation: PASSWORD,
            firstName: "Racer",
            lastName: `N${i}`,
            country: "GB"
          }
        })
        expectStatus(user, 201, `register user ${i}`)
        const signedIn = await hosts[(i + 1) % HOSTS]!.client("POST", "/v1/sessions", {
          body: { login: trueconfId, password: PASSWORD, client: "app" }
        })
        expectStatus(signedIn, 201, `sign user ${i} in`)
        return signedIn.body.token as string
      })

      // Every join at once, round-robin over the hosts.
      const answers = await Promise.all(tokens.map((token, i) =>
        hosts[i % HOSTS]!.client("POST", "/v1/me/group", { token, body: { corporateCode: code } })
      ))
      const statuses = answers.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {})
      assert.deepEqual(answers.filter((answer) => answer.status >= 500).map((answer) => answer.text), [], JSON.stringify(statuses))
      expect(statuses).toEqual({ 200: SEATS, 409: USERS - SEATS })
      for (const answer of answers) {
        if (answer.status === 200) expect(answer.body.group).toEqual({ id: groupId, name: "Race" })
        else {
          assert.isTrue(isProblem(answer), answer.text)
          expect(answer.body.type).toBe("/problems/group-full")
        }
      }

      // Every host sees the same full group.
      for (const host of hosts) {
        const info = await host.client("GET", "/v1/admin/group", { token: adminToken })
        expectStatus(info, 200, "group info")
        expect(info.body).toMatchObject({ id: groupId, seats: SEATS, members: SEATS, freeSeats: 0, status: "active" })
      }

      // And so does the database: the counter, the membership rows and the MemberJoined events agree.
      const db = new pg.Client({ connectionString: scratchUrl })
      await db.connect()
      try {
        const counter = await db.query<{ members: number; seats: number }>("select members, seats from groups where id = $1", [groupId])
        expect(counter.rows).toEqual([{ members: SEATS, seats: SEATS }])
        const rows = await db.query<{ n: string }>("select count(*)::text as n from memberships where group_id = $1", [groupId])
        expect(rows.rows[0]!.n).toBe(String(SEATS))
        const all = await db.query<{ n: string }>("select count(*)::text as n from memberships")
        expect(all.rows[0]!.n).toBe(String(SEATS))
        const events = await db.query<{ n: string }>(
          "select count(*)::text as n from outbox where group_id = $1 and type = 'MemberJoined'",
          [groupId]
        )
        expect(events.rows[0]!.n).toBe(String(SEATS))
      } finally {
        await db.end()
      }
    })

    it("SIGTERM stops every host with exit code 0", async () => {
      for (const host of hosts) host.process.kill("SIGTERM")
      const codes = await Promise.all(hosts.map((host) =>
        Promise.race([
          host.exited,
          new Promise<string>((resolve) => setTimeout(() => resolve("still running after 15 s"), 15_000))
        ])
      ))
      assert.deepEqual(codes, hosts.map(() => 0), hosts.map((host) => host.output()).join("\n"))
    })
  }
)

/**
 * A transaction's pipeline with one Sync (OneSync.ts), on a real server: one
 * answer for the whole batch, each statement's own result, the first failure
 * where it happened and the rest skipped, and pg's bookkeeping of prepared
 * statements left true, so the connection goes on working after any of it.
 */
import { randomUUID } from "node:crypto"
import fc from "fast-check"
import pg from "pg"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { type BatchStatement, oneSync as sendBatch, SkippedStatement } from "../../src/postgres/OneSync.js"
import { sessionEnded } from "../../src/postgres/SqlFailure.js"

const url = process.env["DATABASE_URL"]

/** Names texts as SqlConnections does: one prepared statement per text. */
const namer = () => {
  const names = new Map<string, string>()
  return (text: string) => names.get(text) ?? names.set(text, `t${names.size}`).get(text)!
}

interface Open {
  readonly client: pg.Client
  readonly nameOf: (text: string) => string
  /** ReadyForQuery messages received: one per Sync sent. */
  readonly readies: () => number
  /** RowDescription messages received: one per statement sent with a Describe that has columns. */
  readonly descriptions: () => number
}

const open = async (config: pg.ClientConfig = {}): Promise<Open> => {
  const client = new pg.Client({ connectionString: url, pipeline: true, ...config } as pg.ClientConfig)
  await client.connect()
  let readies = 0
  let descriptions = 0
  const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection
  connection.on("readyForQuery", () => readies++)
  connection.on("rowDescription", () => descriptions++)
  return { client, nameOf: namer(), readies: () => readies, descriptions: () => descriptions }
}

/** The batch's statements, each named as SqlConnections names them. */
const oneSync = (client: pg.ClientBase, statements: ReadonlyArray<{ text: string; values: ReadonlyArray<unknown> }>, nameOf: (text: string) => string) =>
  sendBatch(client, statements.map((s): BatchStatement => ({ ...s, name: nameOf(s.text) })))

const statuses = (settled: ReadonlyArray<PromiseSettledResult<unknown>>) => settled.map((s) => s.status)
const reasonOf = (settled: PromiseSettledResult<unknown> | undefined): unknown =>
  settled?.status === "rejected" ? settled.reason : undefined

describe.skipIf(url === undefined)("one Sync a pipeline, on a server", () => {
  let c: Open
  const table = `one_sync_${randomUUID().slice(0, 8)}`
  beforeAll(async () => {
    c = await open()
    await c.client.query(`create temporary table ${table} (n int primary key)`)
  })
  afterAll(async () => {
    await c.client.end()
  })

  it("answers a whole transaction at once: each statement its own result, one ReadyForQuery", async () => {
    const before = c.readies()
    const settled = await oneSync(c.client, [
      { text: "begin", values: [] },
      { text: `insert into ${table} (n) values ($1), ($2)`, values: [1, 2] },
      { text: `select n from ${table} where n >= $1 order by n`, values: [1] },
      { text: "select $1::text as t, $2::int[] as a, $3::jsonb as j", values: ["x", [1, 2], JSON.stringify({ k: 1 })] },
      { text: "rollback", values: [] }
    ], c.nameOf)
    assert.deepStrictEqual(statuses(settled), ["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled"])
    const value = (i: number) => (settled[i] as PromiseFulfilledResult<{ rows: ReadonlyArray<unknown>; rowCount: number }>).value
    assert.strictEqual(value(1).rowCount, 2)
    assert.deepStrictEqual(value(2).rows, [{ n: 1 }, { n: 2 }])
    assert.deepStrictEqual(value(3).rows, [{ t: "x", a: [1, 2], j: { k: 1 } }])
    assert.strictEqual(c.readies() - before, 1, "one Sync for five statements")
  })

  it("property: the first failure is where it happened, the rest are skipped, and the connection goes on", async () => {
    // A statement that fails (division by zero) or answers its number, each a text of its own
    // the first time it is seen, so failures also skip Parse messages pg must send again later.
    const statement = fc.record({ fails: fc.boolean(), n: fc.integer({ min: 1, max: 1_000_000 }), text: fc.integer({ min: 0, max: 5 }) })
    await fc.assert(
      fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 6 }), async (plan) => {
        const sent = plan.map(({ fails, n, text }) => ({
          text: `select ${text} + $1::int / $2::int as v`,
          values: [n, fails ? 0 : 1]
        }))
        const settled = await oneSync(c.client, [{ text: "begin", values: [] }, ...sent], c.nameOf)
        const failsAt = plan.findIndex((s) => s.fails)
        plan.forEach(({ n, text }, i) => {
          const got = settled[i + 1]!
          if (failsAt === -1 || i < failsAt) {
            assert.deepStrictEqual(got.status === "fulfilled" ? got.value.rows : got.reason, [{ v: text + n }])
          } else if (i === failsAt) {
            assert.strictEqual((reasonOf(got) as { code?: string } | undefined)?.code, "22012")
          } else {
            assert.instanceOf(reasonOf(got), SkippedStatement)
          }
        })
        await c.client.query("rollback")
        // Every text, skipped or not, runs again on this connection, alone and in a batch.
        for (const { text } of sent) assert.strictEqual((await c.client.query({ name: c.nameOf(text), text, values: [1, 1] })).rows.length, 1)
        const again = await oneSync(c.client, sent.map(({ text }) => ({ text, values: [2, 1] })), c.nameOf)
        assert.deepStrictEqual(statuses(again), sent.map(() => "fulfilled"))
      }),
      { numRuns: 60 }
    )
  })

  it("a statement that does not parse fails there; those after it are parsed again next time", async () => {
    const later = `select $1::int * 3 as v -- ${randomUUID()}`
    const settled = await oneSync(c.client, [
      { text: "begin", values: [] },
      { text: "selec $1::int", values: [1] },
      { text: later, values: [1] }
    ], c.nameOf)
    assert.deepStrictEqual(statuses(settled), ["fulfilled", "rejected", "rejected"])
    assert.strictEqual((reasonOf(settled[1]) as { code?: string }).code, "42601")
    assert.instanceOf(reasonOf(settled[2]), SkippedStatement)
    await c.client.query("rollback")
    const after = await oneSync(c.client, [{ text: later, values: [2] }], c.nameOf)
    assert.deepStrictEqual(after.map((s) => (s.status === "fulfilled" ? s.value.rows : s.reason)), [[{ v: 6 }]])
  })

  it("a value that cannot be sent fails the batch before anything is written", async () => {
    const circular: { toPostgres?: () => unknown } = {}
    circular.toPostgres = () => circular
    const before = c.readies()
    const settled = await oneSync(c.client, [
      { text: "begin", values: [] },
      { text: "select $1::text as t", values: [circular] }
    ], c.nameOf)
    assert.deepStrictEqual(statuses(settled), ["rejected", "rejected"])
    assert.match(String(reasonOf(settled[0])), /circular/)
    // Nothing reached the server: no transaction was begun, and the connection answers.
    assert.strictEqual(c.readies(), before)
    assert.strictEqual((await c.client.query("select 1 as one")).rows[0]?.["one"], 1)
    const status = await c.client.query("select now() = statement_timestamp() as outside")
    assert.strictEqual(status.rows[0]?.["outside"], true)
  })

  it("a row that does not parse fails its own statement; the server ran the others", async () => {
    const own = await open()
    try {
      own.client.setTypeParser(pg.types.builtins.INT4, () => {
        throw new Error("no ints today")
      })
      const settled = await oneSync(own.client, [
        { text: "begin", values: [] },
        { text: "select $1::int4 as i", values: [1] },
        { text: "select $1::text as t", values: ["fine"] },
        { text: "commit", values: [] }
      ], own.nameOf)
      assert.deepStrictEqual(statuses(settled), ["fulfilled", "rejected", "fulfilled", "fulfilled"])
      assert.match(String(reasonOf(settled[1])), /no ints today/)
    } finally {
      await own.client.end()
    }
  })

  it("a batch that ends in time leaves the client's query_timeout without effect", async () => {
    const own = await open({ query_timeout: 300 } as pg.ClientConfig)
    try {
      const settled = await oneSync(own.client, [{ text: "begin", values: [] }, { text: "commit", values: [] }], own.nameOf)
      assert.deepStrictEqual(statuses(settled), ["fulfilled", "fulfilled"])
      // pg destroys a pipelined connection whose query outlived the timeout: this one must not be.
      await new Promise((resolve) => setTimeout(resolve, 600))
      assert.strictEqual((await own.client.query("select 2 as two")).rows[0]?.["two"], 2)
    } finally {
      await own.client.end()
    }
  })

  it("a named statement is described once per connection; its rows are built as pg builds them", async () => {
    const own = await open()
    const other = await open()
    try {
      const text = `select $1::int4 as i, null::text as nothing, $2::jsonb as j, $3::timestamptz as at, 'x' as i -- ${randomUUID()}`
      const values = [7, JSON.stringify({ k: [1] }), "2026-12-06T10:00:00.000Z"]
      const statement = { text, values }
      const first = await oneSync(own.client, [statement, statement], own.nameOf)
      assert.strictEqual(own.descriptions(), 2, "described the first times it is sent, in one batch")
      const second = await oneSync(own.client, [statement], own.nameOf)
      assert.strictEqual(own.descriptions(), 2, "not described again on the same connection")
      // The same statement on another connection is described there: what is kept is per connection.
      await oneSync(other.client, [statement], own.nameOf)
      assert.strictEqual(other.descriptions(), 1)
      const reference = (await own.client.query({ text, values })).rows
      for (const settled of [...first, ...second]) {
        assert.strictEqual(settled.status, "fulfilled")
        assert.deepStrictEqual((settled as PromiseFulfilledResult<{ rows: unknown }>).value.rows, reference)
      }
      // A statement without columns (NoData) is not described again either, and counts its rows.
      await own.client.query(`create temporary table ${table} (n int primary key)`)
      const insert = { text: `insert into ${table} (n) select g from generate_series($1::int, $2::int) g`, values: [500, 502] }
      await oneSync(own.client, [{ text: "begin", values: [] }, insert], own.nameOf)
      const before = own.descriptions()
      const again = await oneSync(own.client, [{ ...insert, values: [600, 601] }, { text: "rollback", values: [] }], own.nameOf)
      assert.strictEqual(own.descriptions(), before)
      assert.deepStrictEqual(again.map((s) => s.status === "fulfilled" ? s.value.rowCount : s.reason), [2, 0])
    } finally {
      await own.client.end()
      await other.client.end()
    }
  })

  it("property: rows of described and undescribed statements equal pg's own, batch after batch", async () => {
    // Texts of several shapes (no rows, NULLs, many columns, repeated names), each a prepared
    // statement; batches of them in any order, on one connection, against pg's answer alone.
    const texts = [
      "select $1::int4 as a",
      "select $1::int4 as a, $1::text as b, null::int as c, array[$1::int4] as d",
      "select $1::int4 as a where $1::int4 % 2 = 0",
      "select g as a, g::text as a from generate_series(1, $1::int4 % 4) g",
      "select $1::int4::numeric / 3 as q, now() > '2000-01-01'::timestamptz as recent"
    ].map((text) => `${text} -- ${randomUUID()}`)
    const own = await open()
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.record({ t: fc.integer({ min: 0, max: texts.length - 1 }), v: fc.integer({ min: -50, max: 50 }) }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
          async (batches) => {
            for (const batch of batches) {
              const statements = batch.map(({ t, v }) => ({ text: texts[t]!, values: [v] }))
              const settled = await oneSync(own.client, statements, own.nameOf)
              for (const [i, { text, values }] of statements.entries()) {
                const got = settled[i]!
                assert.strictEqual(got.status, "fulfilled")
                const expected = await own.client.query({ text, values: [...values] })
                assert.deepStrictEqual((got as PromiseFulfilledResult<{ rows: unknown }>).value.rows, expected.rows)
              }
            }
          }
        ),
        { numRuns: 40 }
      )
    } finally {
      await own.client.end()
    }
  })

  it("a connection lost mid-batch fails every statement not yet answered, as a lost session", async () => {
    const application = `one-sync-${randomUUID().slice(0, 8)}`
    const own = await open({ application_name: application })
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    own.client.on("error", () => undefined)
    try {
      const pending = oneSync(own.client, [
        { text: "begin", values: [] },
        { text: "select pg_sleep($1::float8)", values: [5] },
        { text: "commit", values: [] }
      ], own.nameOf)
      await new Promise((resolve) => setTimeout(resolve, 300))
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [application])
      const settled = await pending
      assert.deepStrictEqual(statuses(settled), ["fulfilled", "rejected", "rejected"])
      assert.isTrue(sessionEnded(reasonOf(settled[1])), String(reasonOf(settled[1])))
    } finally {
      await admin.end()
      await own.client.end().catch(() => undefined)
    }
  }, 30_000)
})

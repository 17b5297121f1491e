/**
 * The shared lines (SharedLines.ts) on a real server: the statements of many
 * callers at once each get their own answer, leave in fewer socket writes
 * than there are statements, fail one at a time, and a line whose backend
 * was terminated fails what it had in flight and then opens again.
 */
import { randomUUID } from "node:crypto"
import { assert, describe, it } from "vitest"
import pg from "pg"
import { sharedLines } from "../../src/postgres/SharedLines.js"

// Only statements that touch no table: the server's own database will do.
const url = process.env["DATABASE_URL"]

describe.skipIf(url === undefined)("shared lines on a server", () => {
  // Names this file's sessions, so that terminating them touches no one else's.
  const application = `shared-lines-${randomUUID().slice(0, 8)}`
  /** Flushes of the lines' sockets to the kernel (the corked messages leave in one). */
  let flushes = 0
  /** ReadyForQuery messages the lines received: one per Sync they sent. */
  let readies = 0
  const open = () => {
    const client = new pg.Client({ connectionString: url, pipeline: true, application_name: application })
    const stream = (client as unknown as { connection: { stream: Record<"_write" | "_writev", (...args: Array<unknown>) => unknown> } })
      .connection.stream
    ;(client as unknown as { connection: NodeJS.EventEmitter }).connection.on("readyForQuery", () => readies++)
    for (const method of ["_write", "_writev"] as const) {
      const original = stream[method].bind(stream)
      stream[method] = (...args) => {
        flushes++
        return original(...args)
      }
    }
    return client
  }

  it("200 statements at once: each caller gets its own answer, in fewer writes than statements", async () => {
    const lines = sharedLines(open, 2)
    try {
      await lines.query("select 1 as warm", [], undefined)
      await lines.query("select 1 as warm", [], undefined)
      flushes = 0
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => lines.query("select $1::int * 2 as doubled", [i], "doubled"))
      )
      assert.deepStrictEqual(answers.map((a) => a.rows[0]?.["doubled"]), Array.from({ length: 200 }, (_, i) => i * 2))
      // One turn of the event loop asked for all 200: one corked flush per line.
      assert.isAtMost(flushes, 2, `${flushes} flushes for 200 statements on 2 lines`)
    } finally {
      await lines.close()
    }
  })

  it("one failing statement fails alone; the others on its line are answered", async () => {
    const lines = sharedLines(open, 1)
    try {
      const outcomes = await Promise.allSettled([
        lines.query("select $1::int as n", [1], "n"),
        lines.query("select 1 / $1::int as n", [0], "divide"),
        lines.query("select $1::int as n", [3], "n")
      ])
      assert.deepStrictEqual(outcomes.map((o) => o.status), ["fulfilled", "rejected", "fulfilled"])
      assert.strictEqual((outcomes[1] as PromiseRejectedResult).reason.code, "22012")
      const last = outcomes[2]!
      assert.strictEqual(last.status === "fulfilled" ? last.value.rows[0]?.["n"] : undefined, 3)
    } finally {
      await lines.close()
    }
  })

  it("the plain reads of a turn share one Sync: one answer for all of them", async () => {
    const lines = sharedLines(open, 1)
    try {
      await lines.query("select 1 as warm", [], undefined)
      readies = 0
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => lines.query("select $1::int * 3 as tripled", [i], "tripled", true))
      )
      assert.deepStrictEqual(answers.map((a) => a.rows[0]?.["tripled"]), Array.from({ length: 50 }, (_, i) => i * 3))
      assert.strictEqual(readies, 1, `${readies} Syncs for 50 reads of one turn`)
    } finally {
      await lines.close()
    }
  })

  it("a failing read fails alone: the reads the server skipped after it are sent again and answered", async () => {
    const lines = sharedLines(open, 1)
    try {
      const outcomes = await Promise.allSettled([
        lines.query("select $1::int as n", [1], "n", true),
        lines.query("select 1 / $1::int as n", [0], "divide", true),
        lines.query("select $1::int as n", [3], "n", true),
        lines.query("select $1::int + 1 as n", [3], undefined, true)
      ])
      assert.deepStrictEqual(outcomes.map((o) => o.status), ["fulfilled", "rejected", "fulfilled", "fulfilled"])
      assert.strictEqual((outcomes[1] as PromiseRejectedResult).reason.code, "22012")
      assert.deepStrictEqual(outcomes.map((o) => (o.status === "fulfilled" ? o.value.rows[0]?.["n"] : null)), [1, null, 3, 4])
    } finally {
      await lines.close()
    }
  })

  it("a write keeps a Sync of its own: a read failing in its turn does not undo it", async () => {
    const table = `shared_lines_${randomUUID().slice(0, 8)}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create table ${table} (n int)`)
    const lines = sharedLines(open, 1)
    try {
      readies = 0
      const outcomes = await Promise.allSettled([
        lines.query("select 1 / $1::int as n", [0], "divide", true),
        lines.query(`insert into ${table} (n) values ($1)`, [7], undefined),
        lines.query("select $1::int as n", [2], "n", true)
      ])
      assert.deepStrictEqual(outcomes.map((o) => o.status), ["rejected", "fulfilled", "fulfilled"])
      assert.deepStrictEqual((await admin.query(`select n from ${table}`)).rows, [{ n: 7 }])
    } finally {
      await lines.close()
      await admin.query(`drop table ${table}`)
      await admin.end()
    }
  })

  it("a line whose backend is terminated fails what was in flight, then opens again", async () => {
    const lines = sharedLines(open, 1)
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await lines.query("select 1 as n", [], undefined)
      // The outcome is taken at once: the line's failure can arrive before the
      // administrator's own answer, and a rejection nobody holds yet is an unhandled one.
      const slow = lines.query("select pg_sleep(5) as n", [], undefined)
        .then(() => "answered", (error: { code?: string }) => error.code ?? "failed")
      await new Promise((resolve) => setTimeout(resolve, 200))
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [application])
      const lost = await slow
      assert.notStrictEqual(lost, "answered")
      // The broken line was dropped: the next statement opens a new one and is answered.
      for (let i = 0; i < 50; i++) {
        const again = await lines.query("select 7 as n", [], undefined).then((r) => r.rows[0]?.["n"], () => undefined)
        if (again === 7) return
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      assert.fail("the line did not open again")
    } finally {
      await admin.end()
      await lines.close()
    }
  }, 30_000)
})

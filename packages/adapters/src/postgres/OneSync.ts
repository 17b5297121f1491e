/**
 * A transaction's pipeline (SqlConnections.ts) as one batch of the extended
 * protocol with a single Sync at its end, where pg sends a Sync after every
 * statement. The server flushes its socket at every Sync (it answers each
 * with ReadyForQuery), so a Sync per statement makes a join's BEGIN, two
 * locking reads, writes and COMMIT five answers of their own: five sends by
 * the backend and five wake-ups and reads here. With one Sync, a pipeline is
 * one answer each way.
 *
 * It is for statements inside one transaction (BEGIN first, or sent after
 * it), where it changes nothing they see: after a failure the server skips
 * the rest up to the Sync, where with a Sync each it would run them and
 * refuse each as "current transaction is aborted". Either way the first
 * failure is the one that counts; the skipped ones are rejected with
 * `SkippedStatement`. A skipped COMMIT leaves the transaction open and
 * aborted, and the store's ROLLBACK then ends it, as it does after any
 * failure. And for plain reads of different callers on a shared line
 * (SharedLines.ts), which then share an implicit transaction: each still
 * takes its own snapshot (READ COMMITTED), and the line sends the skipped
 * ones again.
 *
 * pg has no batch of its own, so this is a `pg.Query` (pg's pipeline mode
 * refuses other submittables) that writes the batch itself and keeps one
 * `Result` per statement. It leans on pg 8's client internals, which the
 * tests of this file pin (test/postgres/OneSync.test.ts): the client hands
 * every message of the answer to its active query, and records a named
 * statement as parsed, or forgets it after an error, under the active
 * query's `name` and `text`, which here are those of the statement being
 * answered.
 */
import { createRequire } from "node:module"
import pg from "pg"
import type { SqlResult, SqlStatement } from "./SqlConnections.js"

/** A statement the server did not run because an earlier one of its batch failed. */
export class SkippedStatement extends Error {
  constructor() {
    super("not run: an earlier statement of its pipeline failed")
  }
}

/** The part of pg's connection (pg/lib/connection.js) a batch writes to. */
interface WireConnection {
  readonly stream: { cork?: () => void; uncork?: () => void }
  /** Named statements the server has parsed, and those whose Parse is on the way. */
  readonly parsedStatements: Record<string, string | undefined>
  readonly submittedNamedStatements: Record<string, string | undefined>
  parse(query: { text: string; name: string }): void
  bind(config: { statement: string; values: ReadonlyArray<unknown> }): void
  describe(config: { type: "P"; name: string }): void
  execute(config: { portal: string }): void
  sync(): void
}

/** pg's own Result (rows parsed with the client's type parsers), as far as a batch uses it. */
interface ResultBuilder {
  readonly rows: Array<Record<string, unknown>>
  readonly rowCount: number | null
  addFields(fields: unknown): void
  parseRow(fields: unknown): Record<string, unknown>
  addRow(row: Record<string, unknown>): void
  addCommandComplete(message: unknown): void
}

type ResultClass = new (rowMode: undefined, types: unknown) => ResultBuilder

// pg's conversion of a JavaScript value to a parameter's text (dates, arrays, JSON, buffers), as its own queries do.
const { prepareValue } = createRequire(import.meta.url)("pg/lib/utils.js") as { prepareValue: (value: unknown) => unknown }

const Result = (pg as unknown as { Result: ResultClass }).Result

export type Settled = ReadonlyArray<PromiseSettledResult<SqlResult>>

interface Named extends SqlStatement {
  readonly name: string
}

/** One submission to pg: the statements, each named (so prepared once per connection), and one Sync. */
class Batch extends pg.Query {
  private readonly results: Array<ResultBuilder> = []
  private readonly outcomes: Array<PromiseSettledResult<SqlResult> | undefined>
  /** The statement whose answer is arriving. */
  private at = 0
  /** A row that did not parse, per statement: it fails that statement only. */
  private readonly rowFailures = new Map<number, unknown>()
  /** Names whose Parse this batch sent. */
  private readonly parsing = new Set<string>()
  private done = false
  private wire: WireConnection | undefined

  constructor(private readonly statements: ReadonlyArray<Named>, private readonly finish: (settled: Settled) => void) {
    super({ text: statements[0]!.text })
    this.outcomes = statements.map(() => undefined)
    // The batch ends through `callback`, as pg's queries do: the client wraps it to clear
    // its query_timeout timer, which would otherwise destroy the connection later.
    this.callback = (error) => {
      if (error !== undefined && error !== null) this.fail(error)
      else this.settle()
    }
  }

  declare callback: (error?: unknown) => void

  // pg's client reads these of its active query: the statement being answered.
  get name(): string {
    return this.statements[Math.min(this.at, this.statements.length - 1)]!.name
  }
  set name(_: string) {}
  get text(): string {
    return this.statements[Math.min(this.at, this.statements.length - 1)]!.text
  }
  set text(_: string) {}

  override submit = (connection: pg.Connection): Error | null => {
    const wire = connection as unknown as WireConnection
    const types = (this as unknown as { _result: { _types: unknown } })._result._types
    let values: Array<ReadonlyArray<unknown>>
    try {
      // Every value is converted before anything is written: one that cannot be leaves nothing half-sent.
      values = this.statements.map((statement) => statement.values.map(prepareValue))
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
    for (let i = 0; i < this.statements.length; i++) this.results.push(new Result(undefined, types))
    wire.stream.cork?.()
    try {
      this.statements.forEach(({ name, text }, i) => {
        if (name === "") {
          // The unnamed statement: parsed again each time, and never recorded.
          wire.parse({ text, name })
        } else if (wire.parsedStatements[name] === undefined && wire.submittedNamedStatements[name] === undefined) {
          wire.parse({ text, name })
          wire.submittedNamedStatements[name] = text
          this.parsing.add(name)
        }
        wire.bind({ statement: name, values: values[i]! })
        wire.describe({ type: "P", name: "" })
        wire.execute({ portal: "" })
      })
      wire.sync()
    } finally {
      wire.stream.uncork?.()
    }
    this.wire = wire
    return null
  }

  handleRowDescription(message: { fields: unknown }): void {
    this.results[this.at]!.addFields(message.fields)
  }

  handleDataRow(message: { fields: unknown }): void {
    if (this.rowFailures.has(this.at)) return
    const result = this.results[this.at]!
    try {
      result.addRow(result.parseRow(message.fields))
    } catch (error) {
      this.rowFailures.set(this.at, error)
    }
  }

  handleCommandComplete(message: unknown): void {
    const result = this.results[this.at]!
    result.addCommandComplete(message)
    const failure = this.rowFailures.get(this.at)
    this.outcomes[this.at] = failure === undefined
      ? { status: "fulfilled", value: { rows: result.rows, rowCount: result.rowCount ?? 0 } }
      : { status: "rejected", reason: failure }
    this.at++
  }

  handleEmptyQuery(): void {
    this.outcomes[this.at] = { status: "fulfilled", value: { rows: [], rowCount: 0 } }
    this.at++
  }

  handleError(error: unknown): void {
    this.callback(error)
  }

  handleReadyForQuery(): void {
    this.callback()
  }

  /** The statement being answered failed (or the connection did): the rest were never run. */
  private fail(error: unknown): void {
    if (this.done) return
    if (this.at < this.statements.length) this.outcomes[this.at] = { status: "rejected", reason: error }
    // The server skipped their Parse too: they must be parsed again next time.
    const wire = this.wire
    for (let i = this.at + 1; i < this.statements.length; i++) {
      const { name } = this.statements[i]!
      if (wire !== undefined && this.parsing.has(name) && wire.parsedStatements[name] === undefined) {
        delete wire.submittedNamedStatements[name]
      }
    }
    this.settle()
  }

  private settle(): void {
    if (this.done) return
    this.done = true
    this.finish(this.outcomes.map((outcome) => outcome ?? { status: "rejected", reason: new SkippedStatement() }))
  }
}

/** A statement of a batch: the prepared statement `name` (parsed once per connection), or unnamed (parsed each time). */
export interface BatchStatement extends SqlStatement {
  readonly name: string | undefined
}

/**
 * Sends the statements in one write with one Sync, and settles each once the
 * server has answered them all (or failed one).
 */
export const oneSync = (client: pg.ClientBase, statements: ReadonlyArray<BatchStatement>): Promise<Settled> =>
  new Promise<Settled>((resolve) => {
    if (statements.length === 0) return resolve([])
    const named = statements.map((statement) => ({ ...statement, name: statement.name ?? "" }))
    void client.query(new Batch(named, resolve))
  })

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
 * A named statement is described once per connection: the first time it is
 * sent, its Describe answers with the columns (or with none), and the batch
 * keeps them, with their type parsers, beside pg's record that the
 * statement is parsed. Afterwards it is sent without Describe, so the server
 * sends no RowDescription and its rows are built from what was kept, with
 * one set of property names (pg builds each result's names and parsers
 * anew, from the description it parses each time). PostgreSQL refuses to
 * run a prepared statement whose result would no longer match its
 * description ("cached plan must not change result type"), so what was kept
 * cannot silently go stale; a client's type parsers are read when a
 * statement is first described on it.
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

/** pg's own Result, as far as a batch uses it: the rows, and the row count of the command's tag. */
interface ResultBuilder {
  readonly rows: Array<Record<string, unknown>>
  readonly rowCount: number | null
  addRow(row: Record<string, unknown>): void
  addCommandComplete(message: unknown): void
}

type ResultClass = new (rowMode: undefined, types: unknown) => ResultBuilder

/** The part of pg's type parsers (the client's, with its overrides) a batch reads. */
interface TypeParsers {
  getTypeParser(oid: number, format: string): (text: string) => unknown
}

/** A column of a RowDescription, as pg-protocol parses it. */
interface FieldDescription {
  readonly name: string
  readonly dataTypeID: number
  readonly format?: string
}

/** What a statement's rows look like, learned from its description. */
interface RowShape {
  /** Every column null, in order: a row starts as a copy of it, so every row of the shape has one hidden class. */
  readonly template: Readonly<Record<string, null>>
  /** The template's own keys, in column order. */
  readonly keys: ReadonlyArray<string>
  readonly parsers: ReadonlyArray<(text: string) => unknown>
}

const NO_COLUMNS: RowShape = { template: {}, keys: [], parsers: [] }

const shapeOf = (fields: ReadonlyArray<FieldDescription>, types: TypeParsers): RowShape => {
  const template: Record<string, null> = {}
  for (const field of fields) template[field.name] = null
  // A repeated name keeps one key, set by the last of its columns, as in pg's rows.
  return {
    template,
    keys: fields.map((field) => field.name),
    parsers: fields.map((field) => types.getTypeParser(field.dataTypeID, field.format ?? "text"))
  }
}

/** pg's text of a value of each column, null for SQL NULL (the result format is text: no Bind asks for binary). */
const rowOf = (shape: RowShape, values: ReadonlyArray<string | null>): Record<string, unknown> => {
  if (values.length !== shape.keys.length) {
    throw new Error(`a row of ${values.length} columns, where the statement's description has ${shape.keys.length}`)
  }
  const row: Record<string, unknown> = { ...shape.template }
  for (let i = 0; i < values.length; i++) {
    const text = values[i]
    row[shape.keys[i]!] = text === null || text === undefined ? null : shape.parsers[i]!(text)
  }
  return row
}

/** The shapes of the named statements described on each connection, by name (names are the connection's own). */
const described = new WeakMap<object, Map<string, RowShape>>()

const describedOn = (wire: object): Map<string, RowShape> => {
  let shapes = described.get(wire)
  if (shapes === undefined) described.set(wire, shapes = new Map())
  return shapes
}

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
  /** Each statement's shape: known when it was sent (no Describe), or learned from its answer. */
  private readonly shapes: Array<RowShape | undefined>
  private done = false
  private wire: WireConnection | undefined
  private types: TypeParsers | undefined
  private known: Map<string, RowShape> | undefined

  constructor(private readonly statements: ReadonlyArray<Named>, private readonly finish: (settled: Settled) => void) {
    // A string, not a config object: pg copies a config object's every property descriptor (seen in a profile).
    super(statements[0]!.text)
    this.outcomes = statements.map(() => undefined)
    this.shapes = statements.map(() => undefined)
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
    const types = (this as unknown as { _result: { _types: TypeParsers } })._result._types
    let values: Array<ReadonlyArray<unknown>>
    try {
      // Every value is converted before anything is written: one that cannot be leaves nothing half-sent.
      values = this.statements.map((statement) => statement.values.map(prepareValue))
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
    for (let i = 0; i < this.statements.length; i++) this.results.push(new Result(undefined, types))
    const known = describedOn(wire)
    this.types = types
    this.known = known
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
        const shape = name === "" ? undefined : known.get(name)
        if (shape === undefined) wire.describe({ type: "P", name: "" })
        else this.shapes[i] = shape
        wire.execute({ portal: "" })
      })
      wire.sync()
    } finally {
      wire.stream.uncork?.()
    }
    this.wire = wire
    return null
  }

  handleRowDescription(message: { fields: ReadonlyArray<FieldDescription> }): void {
    this.learn(shapeOf(message.fields, this.types!))
  }

  handleDataRow(message: { fields: ReadonlyArray<string | null> }): void {
    if (this.rowFailures.has(this.at)) return
    try {
      const shape = this.shapes[this.at]
      if (shape === undefined) throw new Error("a row before its statement's description")
      this.results[this.at]!.addRow(rowOf(shape, message.fields))
    } catch (error) {
      this.rowFailures.set(this.at, error)
    }
  }

  handleCommandComplete(message: unknown): void {
    // Described, and answered with no RowDescription: its Describe said NoData, a statement without rows.
    if (this.shapes[this.at] === undefined) this.learn(NO_COLUMNS)
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

  /** The shape of the statement being answered, kept for its name on this connection. */
  private learn(shape: RowShape): void {
    this.shapes[this.at] = shape
    const { name } = this.statements[this.at]!
    if (name !== "") this.known!.set(name, shape)
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

/**
 * One run of a store transaction, on one connection once it begins: what
 * the Tx methods share, and how their statements reach the server. A join is a handful of
 * statements and each round trip costs both machines CPU, so this sends as
 * few as READ COMMITTED allows without changing what any transaction sees:
 *
 * - **BEGIN waits for the first statement that needs it**: a locking read or
 *   a write. Under READ COMMITTED every statement takes its own snapshot,
 *   inside a transaction or not, so a plain read sees the same rows on its
 *   own (autocommit) as it would after BEGIN. A transaction that only reads
 *   (authentication, the lists) sends no BEGIN and no COMMIT.
 * - **Writes wait for the next read or the commit**, and then travel
 *   together as one statement of data-modifying CTEs. The Tx writes return
 *   nothing, so the domain cannot tell; a read flushes them first, so a
 *   transaction still reads its own writes. Writes to the same table go in
 *   separate statements (two changes of one row in one statement are
 *   undefined in PostgreSQL), and a write marked `separate` starts a new
 *   statement (it must see rows committed while an earlier one waited for a
 *   lock). Constraints hold as before: foreign keys are checked at the end of
 *   the statement, with every CTE's rows in place.
 * - **A transaction that is one statement of writes** and took no lock runs
 *   it on its own, without BEGIN and COMMIT: a statement is atomic. Not when
 *   that statement combines writes and one of them must change exactly one
 *   row: the count is checked after the statement, and by then, without
 *   BEGIN, its other writes would have committed.
 *
 * - **What need not wait goes in one pipeline** (SqlConnections.ts): BEGIN
 *   with the statement that needs it, pending writes with the read after
 *   them, reads asked for at once (a use case's `Effect.all`: they are
 *   gathered until the next microtask, in the order asked), and the last
 *   writes with COMMIT. A join's BEGIN and its two locking reads are one
 *   round trip. COMMIT waits for its writes' answers only when one of them
 *   must change exactly one row, since that is checked here.
 * - **The pool's connection is taken by BEGIN** (or the first write): plain
 *   reads before it run on their own on the shared lines (SharedLines.ts),
 *   which is what they would be on this connection without BEGIN. So a
 *   transaction that only reads (authentication) takes no connection of the
 *   pool, and its statement leaves with every other caller's of that turn.
 *
 * It also keeps what the methods learn about users (see `lockedUsers` and
 * `memberKeys`) so that a membership's sort keys need no extra read.
 */
import { Effect, Option } from "effect"
import type { User } from "@corporate-groups/domain"
import type { MemberKey } from "@corporate-groups/domain"
import type { Compilable, Kysely } from "kysely"
import type { Database } from "./Database.js"
import type { SqlConnection, SqlConnections, SqlResult, SqlStatement } from "./SqlConnections.js"
import { ConstraintViolation } from "../memory/ConstraintViolation.js"
import { SqlFailure } from "./SqlFailure.js"

export interface WriteOptions {
  /** The write must change exactly one row, or the transaction dies naming this constraint. */
  readonly exactlyOne?: { readonly constraint: string; readonly detail: string }
  /** Send the writes pending before this one first, in a statement of their own. */
  readonly separate?: boolean
}

interface PendingWrite extends WriteOptions {
  readonly name: string
  readonly table: keyof Database
  readonly text: string
  readonly values: ReadonlyArray<unknown>
}

export interface TxContext {
  /** The query builder (never executes anything itself). */
  readonly db: Kysely<Database>
  /**
   * Users whose rows this transaction holds locked (read for update,
   * inserted or updated here): their names cannot change before it commits.
   */
  readonly lockedUsers: Map<string, User>
  /**
   * Groups whose rows this transaction read `FOR UPDATE`: nothing can delete
   * such a row before it commits, so an update of one cannot miss it, and
   * needs no count check holding COMMIT back.
   */
  readonly lockedGroups: Set<string>
  /** Sort keys of users whose rows this transaction holds share-locked (R16). */
  readonly memberKeys: Map<string, MemberKey>
  /** Runs a read (after the pending writes); `lock` for `FOR UPDATE`/`FOR SHARE`. */
  readonly rows: <R>(name: string, query: Compilable<R>, lock: boolean) => Effect.Effect<ReadonlyArray<R>>
  /** `rows`, for a lookup of at most one row. */
  readonly first: <R>(name: string, query: Compilable<R>, lock: boolean) => Effect.Effect<Option.Option<R>>
  /** Queues a write for the next read or the commit. */
  readonly write: (name: string, table: keyof Database, query: Compilable<unknown>, options?: WriteOptions) => Effect.Effect<void>
  /** Sends what is pending and commits, if anything began. */
  readonly commit: Effect.Effect<void>
  /** Undoes whatever was sent; never fails. False when the connection could not say so (close it). */
  readonly rollback: Effect.Effect<boolean>
  /** Gives the pool's connection back, if one was taken; `broken` closes it instead. */
  readonly release: (broken: boolean) => void
  /**
   * Whether a statement whose outcome a lost connection would leave unknown
   * (COMMIT, or a lone autocommit write) has been sent. Before that, a lost
   * connection means nothing was kept and the run may start again.
   */
  readonly outcomeUnknown: () => boolean
}

/**
 * A Tx call is one async step: what it sends (pending writes, BEGIN, the
 * statement) is sent by plain async code, and the Effect wraps the whole.
 * A statement's failure becomes a `SqlFailure` naming it; a failed count
 * check is already the `ConstraintViolation` the call dies with.
 */
const step = <A>(run: () => Promise<A>): Effect.Effect<A> =>
  Effect.orDie(Effect.tryPromise({ try: run, catch: (cause) => cause }))

const PLACEHOLDER = /\$(\d+)/g

/**
 * Writes as one statement: `with w0 as (… returning 1), w1 as (…) select
 * counts`. kysely writes every value as a `$n` parameter and quotes every
 * identifier, so a `$` followed by digits in its text is a placeholder.
 */
const combine = (batch: ReadonlyArray<PendingWrite>): string => {
  let offset = 0
  const parts = batch.map((write, i) => {
    const at = offset
    offset += write.values.length
    return `w${i} as (${write.text.replace(PLACEHOLDER, (_, n: string) => `$${Number(n) + at}`)} returning 1)`
  })
  const counts = batch.map((_, i) => `(select count(*) from w${i})::int as c${i}`)
  return `with ${parts.join(", ")} select ${counts.join(", ")}`
}

/**
 * Combined texts by the texts they combine: a join sends the same few
 * batches over and over, and renumbering their placeholders cost more than
 * looking them up (a profile of `joinGroup` in process). Bounded as the
 * statement names are (SqlConnections.ts): past the bound, texts are built
 * each time.
 */
const COMBINED_KNOWN = 256
const combinedTexts = new Map<string, string>()

const combined = (batch: ReadonlyArray<PendingWrite>): { text: string; values: Array<unknown> } => {
  const key = batch.map((write) => write.text).join("\u0000")
  let text = combinedTexts.get(key)
  if (text === undefined) {
    text = combine(batch)
    if (combinedTexts.size < COMBINED_KNOWN) combinedTexts.set(key, text)
  }
  return { text, values: batch.flatMap((write) => write.values) }
}

/**
 * Whether a statement may be the whole transaction, sent without BEGIN: a
 * failed count check must find nothing committed, so a combined statement
 * with an `exactlyOne` write needs BEGIN (a lone write that changed no row
 * kept nothing).
 */
const mayRunAlone = (batch: ReadonlyArray<PendingWrite>): boolean =>
  batch.length === 1 || batch.every((write) => write.exactlyOne === undefined)

/** Splits the pending writes into statements: a new one per repeated table or `separate` write. */
const batches = (writes: ReadonlyArray<PendingWrite>): Array<Array<PendingWrite>> => {
  const result: Array<Array<PendingWrite>> = []
  let current: Array<PendingWrite> = []
  for (const write of writes) {
    if (current.length > 0 && (write.separate === true || current.some((w) => w.table === write.table))) {
      result.push(current)
      current = []
    }
    current.push(write)
  }
  if (current.length > 0) result.push(current)
  return result
}

const checkCount = (write: PendingWrite, count: number): void => {
  if (write.exactlyOne !== undefined && count !== 1) {
    throw new ConstraintViolation(write.exactlyOne.constraint, write.exactlyOne.detail)
  }
}

interface Outgoing extends SqlStatement {
  /** Names the statement in a failure. */
  readonly name: string
  /** A plain read: no lock, no write (it may run on its own before BEGIN). */
  readonly read?: boolean
}

const BEGIN: Outgoing = { name: "begin", text: "begin", values: [] }
const COMMIT: Outgoing = { name: "commit", text: "commit", values: [] }

/** A statement of writes and the check of its counts, once answered. */
interface WriteStatement {
  readonly batch: ReadonlyArray<PendingWrite>
  readonly statement: Outgoing
  readonly check: (result: SqlResult) => void
}

const writeStatement = (batch: ReadonlyArray<PendingWrite>): WriteStatement => {
  if (batch.length === 1) {
    const [write] = batch as [PendingWrite]
    return { batch, statement: write, check: (result) => checkCount(write, result.rowCount) }
  }
  const { text, values } = combined(batch)
  return {
    batch,
    statement: { name: batch.map((w) => w.name).join(" + "), text, values },
    check: (result) => batch.forEach((write, i) => checkCount(write, Number(result.rows[0]?.[`c${i}`])))
  }
}

/** A read waiting for its tick's pipeline, with what must be sent before it. */
interface Gathered {
  readonly before: ReadonlyArray<Outgoing>
  readonly writes: ReadonlyArray<WriteStatement>
  readonly read: Outgoing
  readonly resolve: (rows: ReadonlyArray<Record<string, unknown>>) => void
  readonly reject: (error: unknown) => void
}

const counted = (statement: WriteStatement): boolean => statement.batch.some((write) => write.exactlyOne !== undefined)

/** What could not open a connection: the store answers `Unavailable` at once (PostgresStore.ts). */
export const CONNECT = "connect"

export const txContext = (connections: SqlConnections, db: Kysely<Database>): TxContext => {
  /**
   * The pool's connection, taken by the first statement that needs one (BEGIN,
   * or a write): plain reads before that run on their own, on the shared lines
   * (SqlConnections' `autocommit`), as they would on this connection without
   * BEGIN. A transaction that only reads takes no connection of the pool.
   */
  let taken: Promise<SqlConnection> | undefined
  // Aborted by the rollback: a run still waiting for a connection of the pool stops waiting.
  const ending = new AbortController()
  const connection = (): Promise<SqlConnection> =>
    taken ??= connections.acquire(ending.signal).catch((cause: unknown) => {
      throw new SqlFailure(CONNECT, cause)
    })
  let begun = false
  let finalSent = false
  let pending: Array<PendingWrite> = []
  // Once the run is over (rolled back, or committed), nothing more may be sent: a step
  // interrupted mid-way keeps running as a promise, and must not send its next statement
  // on a connection that is back in the pool.
  let ended = false

  const refuseIfEnded = (statements: ReadonlyArray<Outgoing>): void => {
    if (ended) throw new SqlFailure(statements[0]!.name, new Error("the transaction already ended"))
  }

  /**
   * Sends the statements and settles each: before BEGIN, plain reads each on
   * its own on the shared lines; otherwise in one pipeline (a single one on
   * its own) on the transaction's connection.
   */
  const settle = async (statements: ReadonlyArray<Outgoing>): Promise<ReadonlyArray<PromiseSettledResult<SqlResult>>> => {
    refuseIfEnded(statements)
    if (!begun && taken === undefined && statements.every((s) => s.read === true)) {
      return Promise.allSettled(statements.map(({ text, values }) => connections.autocommit(text, values, true)))
    }
    const on = await connection()
    // The run may have ended while the connection was being opened.
    refuseIfEnded(statements)
    if (statements.length > 1) return on.pipeline(statements)
    const [{ text, values }] = statements as [Outgoing]
    return on.query(text, values).then(
      (value) => [{ status: "fulfilled", value }],
      (reason: unknown) => [{ status: "rejected", reason }]
    )
  }

  /** Sends the statements in one pipeline; the first failure, in order, is the one thrown. */
  const send = async (statements: ReadonlyArray<Outgoing>): Promise<Array<SqlResult>> =>
    (await settle(statements)).map((result, i) => {
      if (result.status === "rejected") throw new SqlFailure(statements[i]!.name, result.reason)
      return result.value
    })

  /** BEGIN, if it is owed: it travels with the statement that needs it. */
  const opening = (): Array<Outgoing> => {
    if (begun) return []
    // Set before sending: once BEGIN may have reached the server, a rollback is owed.
    begun = true
    return [BEGIN]
  }

  /** Takes the pending writes, as the statements that send them. */
  const takePending = (): Array<WriteStatement> => {
    const statements = batches(pending).map(writeStatement)
    pending = []
    return statements
  }

  /** Sends the writes, and what follows them, in one pipeline; checks the writes' counts. */
  const sendWith = async (
    prefix: ReadonlyArray<Outgoing>,
    writes: ReadonlyArray<WriteStatement>,
    suffix: ReadonlyArray<Outgoing>
  ): Promise<Array<SqlResult>> => {
    const results = await send([...prefix, ...writes.map((w) => w.statement), ...suffix])
    writes.forEach((write, i) => write.check(results[prefix.length + i]!))
    return results.slice(prefix.length + writes.length)
  }

  /**
   * Reads asked for in one synchronous run (a use case's `Effect.all`), each
   * with the BEGIN and pending writes that must precede it: one pipeline,
   * sent on the next microtask, in the order they were asked for.
   */
  let gathered: Array<Gathered> = []

  const flush = (): void => {
    const batch = gathered
    gathered = []
    const statements = batch.flatMap((entry) => [...entry.before, ...entry.writes.map((w) => w.statement), entry.read])
    settle(statements).then((settled) => {
      let at = 0
      let failure: unknown = undefined
      for (const entry of batch) {
        const from = at
        const writesAt = from + entry.before.length
        const readAt = writesAt + entry.writes.length
        at = readAt + 1
        // A failure dooms what follows it: inside BEGIN the server refuses the rest anyway.
        for (let i = from; i <= readAt && failure === undefined; i++) {
          const result = settled[i]!
          if (result.status === "rejected") failure = new SqlFailure(statements[i]!.name, result.reason)
        }
        if (failure !== undefined) {
          entry.reject(failure)
          continue
        }
        try {
          entry.writes.forEach((write, i) => write.check((settled[writesAt + i] as PromiseFulfilledResult<SqlResult>).value))
          entry.resolve((settled[readAt] as PromiseFulfilledResult<SqlResult>).value.rows)
        } catch (violation) {
          // The transaction dies of it; what was gathered after it must not look fine.
          failure = violation
          entry.reject(violation)
        }
      }
    }, (error: unknown) => batch.forEach((entry) => entry.reject(error)))
  }

  const rows = <R>(name: string, query: Compilable<R>, lock: boolean): Effect.Effect<ReadonlyArray<R>> =>
    step(() =>
      new Promise<ReadonlyArray<Record<string, unknown>>>((resolve, reject) => {
        const { parameters, sql } = query.compile()
        const writes = takePending()
        // Writes before a read need BEGIN (the read must see them, and they must not commit yet).
        const before = lock || writes.length > 0 ? opening() : []
        gathered.push({ before, writes, read: { name, text: sql, values: parameters, read: !lock }, resolve, reject })
        if (gathered.length === 1) queueMicrotask(flush)
      }) as Promise<ReadonlyArray<R>>
    )

  const write = (name: string, table: keyof Database, query: Compilable<unknown>, options: WriteOptions = {}) =>
    Effect.sync(() => {
      const { sql, parameters } = query.compile()
      pending.push({ ...options, name, table, text: sql, values: parameters })
    })

  /**
   * COMMIT goes in the writes' pipeline unless one of them has its count
   * checked here: that check must pass before COMMIT is sent.
   */
  const sendCommit = step(async () => {
    const writes = takePending()
    if (!begun && writes.length === 1 && mayRunAlone(writes[0]!.batch)) {
      finalSent = true
      await sendWith([], writes, [])
    } else if (writes.length > 0 || begun) {
      const prefix = opening()
      if (writes.some(counted)) {
        await sendWith(prefix, writes, [])
        finalSent = true
        await send([COMMIT])
      } else {
        finalSent = true
        await sendWith(prefix, writes, [COMMIT])
      }
    }
    ended = true
  })

  // A transaction that only read (authentication) has nothing to send: no promise, no async step.
  const commit = Effect.suspend(() => {
    if (begun || pending.length > 0) return sendCommit
    ended = true
    return Effect.void
  })

  const rollback = Effect.suspend(() => {
    ended = true
    pending = []
    ending.abort()
    if (!begun) return Effect.succeed(true)
    begun = false
    return Effect.promise(() => connection().then((on) => on.query("rollback", [])).then(() => true, () => false))
  })

  // A connection still being opened when the run ended is given back once it is open.
  const release = (broken: boolean): void => {
    taken?.then((on) => on.release(broken), () => undefined)
  }

  return {
    db,
    lockedUsers: new Map(),
    lockedGroups: new Set(),
    memberKeys: new Map(),
    rows,
    first: (name, query, lock) => Effect.map(rows(name, query, lock), (found) => Option.fromNullishOr(found[0])),
    write,
    commit,
    rollback,
    release,
    outcomeUnknown: () => finalSent
  }
}

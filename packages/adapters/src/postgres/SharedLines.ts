/**
 * Statements that are each a whole transaction (the throttle's reads and
 * writes, R15, and a transaction's plain reads before BEGIN), from every
 * caller at once, on a few connections of their own. A statement is atomic,
 * so it needs no connection of its own: on a line in pg's pipeline mode,
 * each caller's statement is sent as soon as it is asked for, and the
 * answers come back in order. What the callers of one turn of the event loop
 * ask for leaves in one write to the socket (the socket is corked until the
 * loop's next check phase), and the server answers a full socket without
 * sleeping between statements: fewer wake-ups on both sides than a pool
 * checkout and a round trip of its own per statement.
 *
 * A write has a Sync of its own, so it commits alone and its failure is its
 * own. The plain reads of a turn share one Sync (OneSync.ts): the server
 * flushes its answer at every Sync, so that is one answer for all of them
 * instead of one each. Under READ COMMITTED each statement takes its own
 * snapshot, so a read sees what it would alone; sharing a Sync puts them in
 * one implicit transaction, where a failure makes the server skip the reads
 * after it, and those are sent again, each on its own. The reads leave at
 * the end of their turn, after the writes asked for in it: statements asked
 * for at once by different callers have no order to keep.
 *
 * A line that breaks (its connection lost) fails what it had in flight, as a
 * lost pooled connection would, and the next statement opens it again.
 */
import type pg from "pg"
import { type BatchStatement, oneSync, SkippedStatement } from "./OneSync.js"
import { sendAlone, socketOf, type SqlResult } from "./SqlConnections.js"

export interface SharedLines {
  /**
   * Runs one statement on its own (autocommit) on one of the lines. `read`:
   * a plain read (no lock, no write), which may share its Sync with the
   * other reads of its turn.
   */
  readonly query: (text: string, values: ReadonlyArray<unknown>, name: string | undefined, read?: boolean) => Promise<SqlResult>
  /** Ends every line; never fails. */
  readonly close: () => Promise<void>
}

interface PendingRead {
  readonly statement: BatchStatement
  readonly resolve: (result: SqlResult) => void
  readonly reject: (error: unknown) => void
}

interface Line {
  readonly client: Promise<pg.Client>
  /** The reads of the current turn, sent together at its end; undefined between turns. */
  reads: Array<PendingRead> | undefined
}


export const sharedLines = (
  open: () => pg.Client,
  count: number
): SharedLines => {
  const lines: Array<Line | undefined> = Array.from({ length: count }, () => undefined)
  let next = 0
  let closed = false

  const lineAt = (index: number): Line => {
    const known = lines[index]
    if (known !== undefined) return known
    const client = open()
    const drop = () => {
      if (lines[index] === line) lines[index] = undefined
    }
    // A broken line is dropped at once: the statements in flight fail, later ones open a new line.
    client.on("error", drop)
    client.on("end", drop)
    const line: Line = {
      client: client.connect().then(() => client, (error: unknown) => {
        drop()
        throw error
      }),
      reads: undefined
    }
    lines[index] = line
    return line
  }

  /** The turn's reads, in one batch with one Sync; those the server skipped after a failure go again, alone. */
  const sendReads = (client: pg.Client, reads: ReadonlyArray<PendingRead>): void => {
    oneSync(client, reads.map((read) => read.statement)).then((settled) =>
      settled.forEach((outcome, i) => {
        const read = reads[i]!
        if (outcome.status === "fulfilled") read.resolve(outcome.value)
        else if (outcome.reason instanceof SkippedStatement) query(read.statement.text, read.statement.values, read.statement.name).then(read.resolve, read.reject)
        else read.reject(outcome.reason)
      })
    )
  }

  /**
   * Starts the turn on this line, once: holds the socket's writes until the
   * event loop's next check phase, and then sends the turn's reads in the same
   * write as everything else asked for in it.
   */
  const turn = (line: Line, client: pg.Client): Array<PendingRead> => {
    if (line.reads !== undefined) return line.reads
    const reads: Array<PendingRead> = []
    line.reads = reads
    const socket = socketOf(client)
    socket?.cork()
    setImmediate(() => {
      line.reads = undefined
      try {
        if (reads.length > 0) sendReads(client, reads)
      } finally {
        socket?.uncork()
      }
    })
    return reads
  }

  const query = async (text: string, values: ReadonlyArray<unknown>, name: string | undefined, read = false): Promise<SqlResult> => {
    if (closed) throw new Error("the shared lines are closed")
    const index = next
    next = (next + 1) % count
    const line = lineAt(index)
    const client = await line.client
    const reads = turn(line, client)
    const statement = { text, values, name }
    if (!read) return sendAlone(client, text, values, name)
    return new Promise<SqlResult>((resolve, reject) => reads.push({ statement, resolve, reject }))
  }

  return {
    query,
    close: async () => {
      closed = true
      const live = lines.filter((line): line is Line => line !== undefined)
      lines.fill(undefined)
      await Promise.all(live.map((line) => line.client.then((client) => client.end(), () => undefined).catch(() => undefined)))
    }
  }
}

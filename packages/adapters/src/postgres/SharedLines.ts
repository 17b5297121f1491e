/**
 * Statements that are each a whole transaction (the throttle's reads and
 * writes, R15), from every caller at once, on a few connections of their
 * own. A statement is atomic, so it needs no connection of its own: on a
 * line in pg's pipeline mode, each caller's statement is sent as soon as it
 * is asked for, and the answers come back in order. What the callers of one
 * turn of the event loop ask for leaves in one write to the socket (the
 * socket is corked until the loop's next check phase), and the server answers
 * a full socket without sleeping between statements: fewer wake-ups on both
 * sides than a pool checkout and a round trip of its own per statement.
 *
 * A line that breaks (its connection lost) fails what it had in flight, as a
 * lost pooled connection would, and the next statement opens it again.
 * Each statement has its own Sync, so one statement's failure is its own.
 */
import type pg from "pg"
import { socketOf, type SqlResult } from "./SqlConnections.js"

export interface SharedLines {
  /** Runs one statement on its own (autocommit) on one of the lines. */
  readonly query: (text: string, values: ReadonlyArray<unknown>, name: string | undefined) => Promise<SqlResult>
  /** Ends every line; never fails. */
  readonly close: () => Promise<void>
}

interface Line {
  readonly client: Promise<pg.Client>
  corked: boolean
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
      corked: false
    }
    lines[index] = line
    return line
  }

  /** Holds the socket's writes until the event loop's next check phase: one write per turn. */
  const cork = (line: Line, client: pg.Client): void => {
    if (line.corked) return
    const socket = socketOf(client)
    if (socket === undefined) return
    line.corked = true
    socket.cork()
    setImmediate(() => {
      line.corked = false
      socket.uncork()
    })
  }

  return {
    query: async (text, values, name) => {
      if (closed) throw new Error("the shared lines are closed")
      const index = next
      next = (next + 1) % count
      const line = lineAt(index)
      const client = await line.client
      cork(line, client)
      const result = values.length === 0
        ? await client.query(text)
        : await client.query(name === undefined ? { text, values: values as Array<unknown> } : { name, text, values: values as Array<unknown> })
      return { rows: result.rows, rowCount: result.rowCount ?? 0 }
    },
    close: async () => {
      closed = true
      const live = lines.filter((line): line is Line => line !== undefined)
      lines.fill(undefined)
      await Promise.all(live.map((line) => line.client.then((client) => client.end(), () => undefined).catch(() => undefined)))
    }
  }
}

/**
 * A counting semaphore of plain promises, for the pool's connections
 * (SqlConnections.ts): a transaction on a server takes a permit only when it
 * takes a connection (BEGIN, or its first write; TxContext.ts), so one that
 * only reads (authentication) never waits behind the transactions holding
 * connections. Waiters are served in order, here rather than in the pool's
 * queue, where a wait longer than the connect timeout fails: a burst larger
 * than the pool is a queue, not an outage. A waiter whose signal aborts (its
 * transaction was interrupted) leaves the queue holding nothing.
 *
 * An Effect semaphore around the whole transaction did this before; it cost a
 * contended read-only transaction about a quarter of its host CPU in a probe
 * (64 at once over 20 permits), and made it wait for a permit it never used.
 */
export interface Permits {
  /** Resolves once a permit is held; rejects with the signal's reason, holding nothing, if it aborts first. */
  readonly take: (signal?: AbortSignal) => Promise<void>
  /** Gives a held permit back, to the longest waiter if there is one. */
  readonly give: () => void
}

export const permits = (count: number): Permits => {
  let free = count
  const waiting: Array<() => void> = []
  return {
    take: (signal) => {
      if (signal?.aborted === true) return Promise.reject(signal.reason)
      if (free > 0) {
        free--
        return Promise.resolve()
      }
      return new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener("abort", onAbort)
          resolve()
        }
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1)
          reject(signal!.reason)
        }
        waiting.push(grant)
        signal?.addEventListener("abort", onAbort, { once: true })
      })
    },
    give: () => {
      const next = waiting.shift()
      if (next === undefined) free++
      else next()
    }
  }
}

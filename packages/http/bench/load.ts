/**
 * The load generator: a closed loop with exactly `inFlight` joins outstanding,
 * each from a distinct signed-in user, over keep-alive connections (undici's
 * `Pool`, one request per connection at a time, no pipelining). Closed loop,
 * because "64 joins in flight" is a concurrency, not an arrival rate; undici,
 * because each request must carry its own user's token and body and each
 * answer's status must be counted, which a templated load tool (autocannon)
 * makes awkward, and because undici is the cheapest HTTP client Node has:
 * on 2 cores the generator shares the CPU with the host and PostgreSQL, so
 * every microsecond it spends is taken from what is measured.
 */
import { Pool } from "undici"

export interface Join {
  readonly token: string
  readonly code: string
}

export interface LoadResult {
  readonly count: number
  readonly seconds: number
  readonly perSecond: number
  /** Answers by status. */
  readonly statuses: Readonly<Record<number, number>>
  /** Latency percentiles in milliseconds. */
  readonly p50: number
  readonly p99: number
  /** A few non-200 answers, for the report. */
  readonly samples: ReadonlyArray<string>
}

export const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

/** Runs `run` over `items` with `inFlight` outstanding at a time; counts what `run` answers. */
export const closedLoop = async <A>(
  items: ReadonlyArray<A>,
  inFlight: number,
  run: (item: A) => Promise<{ status: number; detail?: string }>
): Promise<LoadResult> => {
  const statuses: Record<number, number> = {}
  const latencies: Array<number> = []
  const samples: Array<string> = []
  let next = 0
  const started = performance.now()
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!
      const t0 = performance.now()
      const { detail, status } = await run(item)
      latencies.push(performance.now() - t0)
      statuses[status] = (statuses[status] ?? 0) + 1
      if (status !== 200 && samples.length < 5) samples.push(`${status} ${detail ?? ""}`)
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker))
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    count: items.length,
    seconds,
    perSecond: items.length / seconds,
    statuses,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples
  }
}

/** `POST /v1/me/group` for every join, `inFlight` at a time, over `inFlight` keep-alive connections. */
export const httpJoins = async (url: string, joins: ReadonlyArray<Join>, inFlight: number): Promise<LoadResult> => {
  const pool = new Pool(url, { connections: inFlight, pipelining: 1 })
  try {
    return await closedLoop(joins, inFlight, async ({ code, token }) => {
      const response = await pool.request({
        method: "POST",
        path: "/v1/me/group",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ corporateCode: code })
      })
      const text = await response.body.text()
      return { status: response.statusCode, detail: text.slice(0, 200) }
    })
  } finally {
    await pool.close()
  }
}

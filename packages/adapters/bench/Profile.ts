/**
 * Where the time of a join goes, measured rather than guessed:
 *
 * - `cpuSplit`: CPU seconds of this process and of the PostgreSQL server's
 *   processes (from /proc, when the server runs on this machine) over a run,
 *   per join. On a 2-core machine the two compete for the same cores.
 * - `statementTimes`: every statement `pg` sends during a run, by kind, with
 *   its round-trip time (send to answer, server queueing included).
 * - `cpuProfile`: V8's sampling profiler over a run (node:inspector, as
 *   `--cpu-prof` would), summarized as the top self-time functions and the
 *   self time per package.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { performance } from "node:perf_hooks"
import pg from "pg"

const TICKS_PER_SECOND = 100

/** CPU ticks of every process of the local PostgreSQL cluster, by pid; null when /proc shows none. */
const serverTicks = (): Map<number, number> | null => {
  const ticks = new Map<number, number>()
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue
      let stat: string
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8")
      } catch {
        continue
      }
      const close = stat.lastIndexOf(")")
      const comm = stat.slice(stat.indexOf("(") + 1, close)
      if (comm !== "postgres") continue
      const fields = stat.slice(close + 2).split(" ")
      // utime and stime, fields 14 and 15 of /proc/<pid>/stat (11 and 12 counted after the comm).
      ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]))
    }
  } catch {
    return null
  }
  return ticks.size === 0 ? null : ticks
}

/** Ticks spent between two readings by the processes alive at the second (one that ended is missed). */
const ticksBetween = (before: Map<number, number>, after: Map<number, number>): number => {
  let sum = 0
  for (const [pid, ticks] of after) sum += ticks - (before.get(pid) ?? 0)
  return sum
}

export interface CpuSplit {
  readonly wallMs: number
  readonly nodeMs: number
  /** null when the server's processes are not visible (another machine). */
  readonly serverMs: number | null
}

/** CPU used by this process and by the local server's processes while `run` ran. */
export const cpuSplit = async <A>(run: () => Promise<A>): Promise<{ result: A; split: CpuSplit }> => {
  const server0 = serverTicks()
  const node0 = process.cpuUsage()
  const t0 = performance.now()
  const result = await run()
  const wallMs = performance.now() - t0
  const node = process.cpuUsage(node0)
  const server1 = serverTicks()
  return {
    result,
    split: {
      wallMs,
      nodeMs: (node.user + node.system) / 1000,
      // Every process of the cluster (other databases' too); one that ended during the run is missed.
      serverMs: server0 === null || server1 === null ? null : (ticksBetween(server0, server1) * 1000) / TICKS_PER_SECOND
    }
  }
}

export interface StatementKind {
  readonly kind: string
  readonly count: number
  readonly totalMs: number
}

/** What a statement is, without its values: the verb and the table. */
const kindOf = (text: string): string => {
  const sql = text.replace(/\s+/g, " ").trim().toLowerCase()
  const verb = sql.split(" ")[0] ?? "?"
  const table = /^(?:with .*? )?(?:select .*? from|insert into|update|delete from) "?([a-z_]+)"?/.exec(sql)?.[1]
  const lock = / for update/.test(sql) ? " for update" : / for share/.test(sql) ? " for share" : ""
  if (verb === "with") {
    const main = /\) (insert into|update|delete from|select .*? from) "?([a-z_]+)"?/.exec(sql)
    return main === null ? "with …" : `with … ${main[1]!.split(" ")[0]} ${main[2]}`
  }
  return table === undefined ? verb : `${verb} ${table}${lock}`
}

/** Times every query `pg` sends while `run` runs, by kind of statement. */
export const statementTimes = async <A>(run: () => Promise<A>): Promise<{ result: A; kinds: Array<StatementKind> }> => {
  const proto = pg.Client.prototype as unknown as { query: (...args: Array<unknown>) => unknown }
  const original = proto.query
  const kinds = new Map<string, { count: number; totalMs: number }>()
  const record = (text: string, ms: number) => {
    const kind = kindOf(text)
    const entry = kinds.get(kind) ?? { count: 0, totalMs: 0 }
    entry.count++
    entry.totalMs += ms
    kinds.set(kind, entry)
  }
  proto.query = function(this: unknown, ...args: Array<unknown>) {
    const first = args[0]
    const text = typeof first === "string" ? first : (first as { text?: string } | undefined)?.text ?? "?"
    const t0 = performance.now()
    const result = original.apply(this, args)
    if (result !== null && typeof result === "object" && "then" in result) {
      const done = () => record(text, performance.now() - t0)
      ;(result as Promise<unknown>).then(done, done)
    }
    return result
  }
  try {
    const result = await run()
    return {
      result,
      kinds: [...kinds.entries()].map(([kind, v]) => ({ kind, ...v })).toSorted((a, b) => b.totalMs - a.totalMs)
    }
  } finally {
    proto.query = original
  }
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly hitCount?: number
}

export interface ProfileSummary {
  readonly samples: number
  readonly byPackage: Array<{ readonly name: string; readonly share: number }>
  readonly topFunctions: Array<{ readonly name: string; readonly share: number }>
}

const packageOf = (node: ProfileNode): string => {
  const { functionName, url } = node.callFrame
  if (url === "") {
    if (functionName === "(idle)") return "(idle: waiting for I/O)"
    if (functionName === "(garbage collector)") return "(garbage collector)"
    if (functionName === "(program)") return "(V8 and native code)"
    return "(native: socket writes and other C++ called from JS)"
  }
  if (url.startsWith("node:")) return "node built-ins"
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]
  if (module === "pg" || module?.startsWith("pg-") === true) return `pg driver (${module})`
  if (module !== undefined && !module.startsWith("@corporate-groups")) return module
  if (/packages\/domain\//.test(url) || module === "@corporate-groups/domain") return "domain (@corporate-groups/domain)"
  if (/packages\/adapters\/dist\//.test(url) || module === "@corporate-groups/adapters") return "adapter (@corporate-groups/adapters)"
  if (/bench/.test(url)) return "the bench itself"
  return "other"
}

const shortUrl = (url: string): string =>
  url.replace(/^.*node_modules\//, "").replace(/^.*\/packages\//, "").replace(/^file:\/\//, "")

/** Runs `run` under V8's sampling CPU profiler and summarizes its self time. */
export const cpuProfile = async <A>(run: () => Promise<A>, top = 15): Promise<{ result: A; summary: ProfileSummary }> => {
  const session = new Session()
  session.connect()
  await session.post("Profiler.enable")
  await session.post("Profiler.setSamplingInterval", { interval: 200 })
  await session.post("Profiler.start")
  const outcome = await run().then((value) => ({ value }), (error: unknown) => ({ error }))
  const { profile } = await session.post("Profiler.stop")
  session.disconnect()
  // For a closer look (Chrome DevTools, or inclusive times by function): BENCH_PROFILE_OUT=file.cpuprofile.
  const out = process.env["BENCH_PROFILE_OUT"]
  if (out !== undefined && out !== "") writeFileSync(out, JSON.stringify(profile))
  if ("error" in outcome) throw outcome.error
  const result = outcome.value
  const nodes = profile.nodes as ReadonlyArray<ProfileNode>
  const total = nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1
  const byPackage = new Map<string, number>()
  const byFunction = new Map<string, number>()
  for (const node of nodes) {
    const hits = node.hitCount ?? 0
    if (hits === 0) continue
    const pkg = packageOf(node)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits)
    const { functionName, url, lineNumber } = node.callFrame
    const name = url === "" ? functionName || "(anonymous native)" : `${functionName || "(anonymous)"}  ${shortUrl(url)}:${lineNumber + 1}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits)
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()].map(([name, hits]) => ({ name, share: hits / total })).toSorted((a, b) => b.share - a.share)
  return { result, summary: { samples: total, byPackage: sorted(byPackage), topFunctions: sorted(byFunction).slice(0, top) } }
}

/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): where the host's
 * CPU time went, by self time per package and per function, and by
 * inclusive time for the project's own frames. Self time of a sample goes
 * to the frame on top of the stack; inclusive time to every distinct
 * function on the stack. Also runnable on its own:
 * `node bench/profile.ts some.cpuprofile`.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"

export interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
  readonly children?: ReadonlyArray<number>
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  /** Microseconds on the monotonic clock, the one `process.hrtime` reads in every process of the machine. */
  readonly startTime: number
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

/** A span of `process.hrtime.bigint()` readings (nanoseconds), from any process on this machine. */
export interface Window {
  readonly fromNs: bigint
  readonly toNs: bigint
}

/**
 * Only the samples taken inside `window`: a host profiled from its start also
 * served the setup, which must not be counted with the measured requests.
 */
export const trimToWindow = (profile: CpuProfile, window: Window): CpuProfile => {
  const from = Number(window.fromNs / 1000n)
  const to = Number(window.toNs / 1000n)
  const samples: Array<number> = []
  const timeDeltas: Array<number> = []
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    at += delta
    if (at < from || at > to) return
    samples.push(id)
    timeDeltas.push(delta)
  })
  return { ...profile, samples, timeDeltas }
}

/** The package a frame belongs to: a dependency, a workspace package, Node's core, or V8 itself. */
export const packageOf = ({ functionName, url }: CallFrame): string => {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native: V8 builtins, C++)"
  if (url.startsWith("node:")) return "node (core)"
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (modules !== null) return modules[1]!
  const workspace = /\/packages\/([^/]+)\//.exec(url)
  if (workspace !== null) return `@corporate-groups/${workspace[1]}`
  return url
}

const shortUrl = (url: string): string => {
  const modules = url.lastIndexOf("node_modules/")
  if (modules >= 0) return url.slice(modules + "node_modules/".length)
  const packages = url.lastIndexOf("/packages/")
  if (packages >= 0) return url.slice(packages + 1)
  return url.replace(/^file:\/\//, "")
}

export const functionKey = (frame: CallFrame): string =>
  `${frame.functionName || "(anonymous)"} ${frame.url === "" ? "" : `${shortUrl(frame.url)}:${frame.lineNumber + 1}`}`.trim()

export interface Row {
  readonly name: string
  readonly ms: number
  readonly share: number
}

export interface ProfileSummary {
  readonly totalMs: number
  /** Time the host waited (V8's `(idle)`) rather than ran. */
  readonly idleMs: number
  readonly packages: ReadonlyArray<Row>
  readonly selfFunctions: ReadonlyArray<Row>
  /** Inclusive time of the project's own functions (packages/*). */
  readonly projectInclusive: ReadonlyArray<Row>
}

export const summarize = (profile: CpuProfile, top = 25): ProfileSummary => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))

  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const packages = new Map<string, number>()
  const functions = new Map<string, number>()
  const inclusive = new Map<string, number>()
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame
    packages.set(packageOf(frame), (packages.get(packageOf(frame)) ?? 0) + ms)
    functions.set(functionKey(frame), (functions.get(functionKey(frame)) ?? 0) + ms)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const up = byId.get(at)!.callFrame
      if (!packageOf(up).startsWith("@corporate-groups/")) continue
      const key = functionKey(up)
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
    }
  }
  const idle = packages.get("(idle)") ?? 0
  const busy = total - idle
  const rows = (map: Map<string, number>, n: number): Array<Row> =>
    [...map].filter(([name]) => name !== "(idle)").toSorted((a, b) => b[1] - a[1]).slice(0, n)
      .map(([name, ms]) => ({ name, ms, share: busy > 0 ? ms / busy : 0 }))
  return {
    totalMs: total,
    idleMs: idle,
    packages: rows(packages, 20),
    selfFunctions: rows(functions, top),
    projectInclusive: rows(inclusive, top)
  }
}

const table = (title: string, rows: ReadonlyArray<Row>): string =>
  [
    `${title}`,
    ...rows.map((row) => `  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`)
  ].join("\n")

export const formatSummary = (summary: ProfileSummary): string =>
  [
    `sampled ${(summary.totalMs / 1000).toFixed(1)} s, of which idle ${(summary.idleMs / 1000).toFixed(1)} s; shares below are of the busy time`,
    table("self time by package:", summary.packages),
    table("self time by function:", summary.selfFunctions),
    table("inclusive time of the project's functions:", summary.projectInclusive)
  ].join("\n\n")

/** `f` with an inspector session on this process, disconnected afterwards whatever happens. */
export const withInspector = async <A>(f: (session: Session) => Promise<A>): Promise<A> => {
  const session = new Session()
  session.connect()
  try {
    return await f(session)
  } finally {
    session.disconnect()
  }
}

/** Profiles this process while `run` runs (the measured window only); writes the profile to `file`. */
export const profileWindow = <A>(file: string, run: () => Promise<A>): Promise<A> =>
  withInspector(async (session) => {
    await session.post("Profiler.enable")
    await session.post("Profiler.start")
    const value = await run()
    const { profile } = await session.post("Profiler.stop")
    writeFileSync(file, JSON.stringify(profile))
    return value
  })

export const summarizeFile = (file: string, top?: number, window?: Window): string => {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile
  return formatSummary(summarize(window === undefined ? profile : trimToWindow(profile, window), top))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (file === undefined) {
    process.stderr.write("usage: node bench/profile.ts FILE.cpuprofile [TOP]\n")
    process.exit(2)
  }
  process.stdout.write(summarizeFile(file, process.argv[3] === undefined ? undefined : Number(process.argv[3])) + "\n")
}

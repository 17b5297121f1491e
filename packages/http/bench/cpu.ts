/**
 * CPU time spent, from /proc (Linux): of one process, and of every
 * PostgreSQL process on the machine (the server's backends, including
 * those of anyone else using it at the time). On 2 cores, joins per second
 * are bounded by 2 s of CPU divided by the CPU one join costs everywhere,
 * so the cost per join says where a faster join has to come from, and it
 * is less disturbed by other load than a rate is.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"

/** Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100

export const hasProc = (): boolean => existsSync("/proc/self/stat")

const readStat = (pid: number | string): { comm: string; ms: number } | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const close = stat.lastIndexOf(")")
    const comm = stat.slice(stat.indexOf("(") + 1, close)
    // After ") ": state is field 3 of the man page; utime and stime are 14 and 15.
    const fields = stat.slice(close + 2).split(" ")
    const ticks = Number(fields[11]) + Number(fields[12])
    return { comm, ms: (ticks * 1000) / TICKS_PER_SECOND }
  } catch {
    return null
  }
}

/**
 * CPU milliseconds of this process's children that have ended and been
 * waited for (cutime + cstime): a load generator run as a child (wrk.ts)
 * is counted here once it exits.
 */
const endedChildrenCpuMs = (): number => {
  const stat = readFileSync("/proc/self/stat", "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND
}

/** User + system CPU milliseconds of one process so far. */
export const processCpuMs = (pid: number): number => readStat(pid)?.ms ?? NaN

/** CPU milliseconds so far of every live `postgres` process, by pid. */
const postgresProcesses = (): Map<string, number> => {
  const found = new Map<string, number>()
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue
    const stat = readStat(entry)
    if (stat !== null && stat.comm === "postgres") found.set(entry, stat.ms)
  }
  return found
}

/**
 * Starts counting the CPU of PostgreSQL's processes; the function it answers
 * stops and gives the milliseconds spent meanwhile. Backends that start and
 * end in between (pgbench's connections) are seen by polling every 100 ms, so
 * at most their last 100 ms is missed.
 */
export const postgresCpu = (): (() => number) => {
  const start = postgresProcesses()
  const last = new Map(start)
  const poll = () => {
    for (const [pid, ms] of postgresProcesses()) last.set(pid, ms)
  }
  const timer = setInterval(poll, 100)
  return () => {
    clearInterval(timer)
    poll()
    let total = 0
    for (const [pid, ms] of last) total += ms - (start.get(pid) ?? 0)
    return total
  }
}

/**
 * TCP segments this machine has sent so far (`OutSegs` of /proc/net/snmp),
 * NaN where unreadable. On loopback every message between the load
 * generator, the host and PostgreSQL is one segment or more (and ACKs are
 * some), each a send and a wake-up: unlike CPU time, their count per join
 * hardly moves with the machine's speed, so it shows a change in round
 * trips when the rates are lost in noise. Counts everyone's traffic.
 */
export const tcpSegmentsSent = (): number => {
  try {
    const lines = readFileSync("/proc/net/snmp", "utf8").split("\n").filter((line) => line.startsWith("Tcp:"))
    const names = lines[0]!.split(/\s+/)
    const values = lines[1]!.split(/\s+/)
    return Number(values[names.indexOf("OutSegs")])
  } catch {
    return NaN
  }
}

export interface CpuSpent {
  /** The Node process that served the joins (the host, or this process in process). */
  readonly nodeMs: number
  /** This process and the children it ran meanwhile (wrk), when it was only the load generator, else 0. */
  readonly loadMs: number
  readonly postgresMs: number
  /** TCP segments the machine sent meanwhile (tcpSegmentsSent). */
  readonly tcpSegments: number
}

/** Measures the CPU that `run` costs: `served` is the pid serving the joins (this process when in process). */
export const measureCpu = async <A>(served: number, run: () => Promise<A>): Promise<{ value: A; cpu: CpuSpent | null }> => {
  if (!hasProc()) return { value: await run(), cpu: null }
  const self = served === process.pid
  const node0 = processCpuMs(served)
  const load0 = process.cpuUsage()
  const children0 = endedChildrenCpuMs()
  const postgres = postgresCpu()
  const segments0 = tcpSegmentsSent()
  const value = await run()
  const tcpSegments = tcpSegmentsSent() - segments0
  const postgresMs = postgres()
  const load = process.cpuUsage(load0)
  const children = endedChildrenCpuMs() - children0
  const node1 = processCpuMs(served)
  return {
    value,
    cpu: {
      nodeMs: node1 - node0,
      loadMs: self ? 0 : (load.user + load.system) / 1000 + children,
      postgresMs,
      tcpSegments
    }
  }
}

/**
 * Where a measured window's allocations go: V8's sampling heap profiler
 * (every ~`interval` bytes a sample with its stack), keeping the samples of
 * objects the GC collected meanwhile, so garbage is counted, not only what
 * survives. Summed by the allocating function's package and by function.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { type CallFrame, functionKey, packageOf, withInspector } from "./profile.ts"

interface HeapNode {
  readonly callFrame: CallFrame
  readonly selfSize: number
  readonly id: number
  readonly children: ReadonlyArray<HeapNode>
}
interface SamplingHeapProfile {
  readonly head: HeapNode
  readonly samples: ReadonlyArray<{ readonly size: number; readonly nodeId: number }>
}

/** Runs `run` with the sampling heap profiler on and writes its profile to `file`. */
export const heapWindow = <A>(file: string, run: () => Promise<A>, interval = 4096): Promise<A> =>
  withInspector(async (session) => {
    await session.post("HeapProfiler.enable")
    // @types/node lacks V8's two flags that keep the collected objects' samples; Node 24
    // honours them (a join of `joinGroup` came to 89 KB here, as `--trace-gc`'s ~88 KB freed
    // a join; without them only the few KB that survive would show).
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: interval,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true
    } as { samplingInterval: number })
    const value = await run()
    const { profile } = await session.post("HeapProfiler.stopSampling")
    writeFileSync(file, JSON.stringify(profile))
    return value
  })

/**
 * Bytes an operation, of `operations` done in the window: by the allocating
 * function's package, by that function, and by the nearest frame of the
 * project's own code on its stack.
 */
export const summarizeHeapFile = (file: string, operations: number, top = 25): string => {
  const profile = JSON.parse(readFileSync(file, "utf8")) as SamplingHeapProfile
  const byNode = new Map<number, HeapNode>()
  const parent = new Map<number, HeapNode>()
  const walk = (node: HeapNode) => {
    byNode.set(node.id, node)
    for (const child of node.children) {
      parent.set(child.id, node)
      walk(child)
    }
  }
  walk(profile.head)
  const packages = new Map<string, number>()
  const functions = new Map<string, number>()
  const callers = new Map<string, number>()
  let total = 0
  for (const sample of profile.samples) {
    const node = byNode.get(sample.nodeId)
    if (node === undefined) continue
    total += sample.size
    const pkg = packageOf(node.callFrame)
    packages.set(pkg, (packages.get(pkg) ?? 0) + sample.size)
    const key = functionKey(node.callFrame)
    functions.set(key, (functions.get(key) ?? 0) + sample.size)
    // The nearest frame of the project's own code above the allocation.
    let at: HeapNode | undefined = node
    while (at !== undefined && !/\/packages\//.test(at.callFrame.url)) at = parent.get(at.id)
    const own = at === undefined ? "(no frame of the project)" : functionKey(at.callFrame)
    callers.set(own, (callers.get(own) ?? 0) + sample.size)
  }
  const rows = (m: Map<string, number>) =>
    [...m].toSorted((a, b) => b[1] - a[1]).slice(0, top)
      .map(([k, v]) => `${(v / operations / 1024).toFixed(2).padStart(8)} KB/op ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`).join("\n")
  return `allocated ${(total / operations / 1024).toFixed(1)} KB an operation (${operations} operations)\n\nby package:\n${rows(packages)}\n\nby function:\n${rows(functions)}\n\nby nearest project frame:\n${rows(callers)}\n`
}

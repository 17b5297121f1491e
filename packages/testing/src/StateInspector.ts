/**
 * A read-only view of everything an adapter has committed, whatever the
 * adapter. The contract suite checks SPEC's invariants on it after every step,
 * rather than through the use cases it is checking. Each adapter target maps
 * its own inspector (memory: `MemoryStoreInspector`; Postgres: SQL) onto this.
 */
import type { MemoryStoreSnapshot } from "@corporate-groups/adapters"
import { Context, type Effect } from "effect"

export type StoreSnapshot = MemoryStoreSnapshot

export class StateInspector extends Context.Service<StateInspector, {
  readonly snapshot: Effect.Effect<StoreSnapshot>
}>()("@corporate-groups/testing/StateInspector") {}

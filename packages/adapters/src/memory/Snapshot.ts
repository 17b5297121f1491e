/** Turns the committed state into the plain arrays a test reads (MemoryStoreInspector). */
import { Chunk, HashMap } from "effect"
import type { MemoryStoreSnapshot } from "./MemoryStoreInspector.js"
import type { StoreState } from "./StoreState.js"

const byPosition = (a: { readonly position: number }, b: { readonly position: number }) => a.position - b.position

export const snapshotOf = (state: StoreState): MemoryStoreSnapshot => ({
  users: [...HashMap.values(state.users)],
  admins: [...HashMap.values(state.admins)],
  groups: [...HashMap.values(state.groups)],
  memberships: [...HashMap.values(state.memberships)],
  invoices: [...HashMap.values(state.invoices)].toSorted(byPosition),
  chargeClaims: [...HashMap.values(state.chargeClaims)],
  payments: [...HashMap.values(state.payments)].toSorted(byPosition),
  idempotency: [...HashMap.values(state.idempotency)],
  sessions: [...HashMap.values(state.sessions)],
  phoneCalls: [...HashMap.values(state.phoneCalls)],
  outbox: Chunk.toReadonlyArray(state.outbox),
  audit: [...HashMap.values(state.auditByGroup)].flat().toSorted(byPosition)
})

/**
 * The working copy a transaction reads and writes. It starts as the committed
 * snapshot (O(1): the tables are persistent maps) and is either swapped in
 * whole at commit or dropped. Once the transaction ends, the handle refuses
 * every use, as a closed database transaction would: a fiber that leaked the
 * `Tx` must not write into a copy that nobody will ever commit, silently.
 */
import { Effect } from "effect"
import type { StoreState } from "./StoreState.js"

export class Working {
  #state: StoreState
  #open = true

  constructor(state: StoreState) {
    this.#state = state
  }

  get state(): StoreState {
    if (!this.#open) throw new Error("memory store: the transaction has already ended; its Tx cannot be used")
    return this.#state
  }

  set state(next: StoreState) {
    if (!this.#open) throw new Error("memory store: the transaction has already ended; its Tx cannot be used")
    this.#state = next
  }

  /** Ends the transaction (idempotent) and hands back what it wrote, to commit or to drop. */
  close(): StoreState {
    this.#open = false
    return this.#state
  }
}

/** A read inside the transaction; a throw (use after end) becomes a defect. */
export const read = <A>(working: Working, f: (state: StoreState) => A): Effect.Effect<A> =>
  Effect.sync(() => f(working.state))

/**
 * A write inside the transaction. `f` computes the whole next state or throws
 * a `ConstraintViolation` before anything is assigned, so a failed statement
 * leaves the working copy as it was (statement-level atomicity).
 */
export const write = (working: Working, f: (state: StoreState) => StoreState): Effect.Effect<void> =>
  Effect.sync(() => {
    working.state = f(working.state)
  })

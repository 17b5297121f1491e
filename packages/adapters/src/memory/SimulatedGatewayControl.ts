/**
 * The test handle of a `SimulatedGateway`: the faults a real card gateway
 * shows (outages, slow or hung answers, an answer lost after the card was
 * charged), on demand, and the list of charges it actually made, so a test of
 * R44 can assert "charged exactly once".
 */
import { Context, type Duration, type Effect } from "effect"
import type { ChargeRequest, ChargeResult } from "@corporate-groups/domain"

/** A charge the gateway processed; a replay by the same `chargeKey` adds none. */
export interface SimulatedCharge {
  readonly request: ChargeRequest
  readonly result: ChargeResult
}

export interface FailOptions {
  /**
   * false (default): the outage happens before the card is touched, so a
   * retry with the same key charges. true: the card is charged but the answer
   * is lost, so the outcome is unknown to the caller and a retry with the
   * same key returns the recorded result without charging again.
   */
  readonly charged?: boolean
}

export class SimulatedGatewayControl extends Context.Service<SimulatedGatewayControl, {
  /** The next `n` charges to arrive (replays by key excluded) fail with `Unavailable`. */
  readonly failNext: (n: number, options?: FailOptions) => Effect.Effect<void>
  /** Every later charge takes this long (on the Effect `Clock`, so `TestClock` drives it). */
  readonly setLatency: (latency: Duration.Input) => Effect.Effect<void>
  /** Charges arriving from now on wait, unanswered, until `release`. */
  readonly hold: Effect.Effect<void>
  /** Lets every held charge go on; later charges no longer wait. */
  readonly release: Effect.Effect<void>
  /** Waits until at least `n` charges are waiting at the hold (to line up a race). */
  readonly awaitHeld: (n: number) => Effect.Effect<void>
  /** The charges processed so far, oldest first. */
  readonly charges: Effect.Effect<ReadonlyArray<SimulatedCharge>>
}>()("@corporate-groups/adapters/memory/SimulatedGatewayControl") {}

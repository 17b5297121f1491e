/**
 * A real host on 127.0.0.1, port 0, on the memory store (STORAGE=memory),
 * with cheap password hashing and a clock the test can move, reached with
 * `fetch`: what a black-box client sees, with the test handles of the memory
 * adapters (gateway faults, store faults) at hand.
 */
import { MemoryAdapters, MemoryStoreFaults, SimulatedGatewayControl } from "@corporate-groups/adapters"
import { ControlledClock } from "@corporate-groups/testing"
import { type Duration, type Effect, Layer, type ManagedRuntime } from "effect"
import { type Logger, readSettings, type RunningServer, silentLogger, startServer } from "../../src/index.js"

type Handles = SimulatedGatewayControl | MemoryStoreFaults | ControlledClock

export interface TestServer {
  readonly url: string
  readonly running: RunningServer
  readonly close: () => Promise<void>
  /** Runs an effect against the server's test handles (gateway, store faults, clock). */
  readonly control: <A>(effect: Effect.Effect<A, never, Handles>) => Promise<A>
  readonly advanceClock: (by: Duration.Input) => Promise<void>
}

export const startTestServer = async (env: Record<string, string> = {}, logger: Logger = silentLogger): Promise<TestServer> => {
  const settings = readSettings({ STORAGE: "memory", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env })
  const services = Layer.mergeAll(MemoryAdapters.layer({ fastHashing: true }), ControlledClock.layer(Date.now()))
  const running = await startServer(settings, { services, logger })
  const runtime = running.runtime as unknown as ManagedRuntime.ManagedRuntime<Handles, never>
  const control = <A>(effect: Effect.Effect<A, never, Handles>) => runtime.runPromise(effect)
  return {
    url: running.url,
    running,
    close: running.close,
    control,
    advanceClock: (by) => control(ControlledClock.use((clock) => clock.advance(by)))
  }
}

export { MemoryStoreFaults, SimulatedGatewayControl }

/**
 * The one-call test layer another team drops into its tests: every port of the
 * domain in memory, cheap password hashing, a fixed server key, the simulated
 * card gateway, and a clock that moves only when told.
 *
 *     it.effect("joins", () => Effect.gen(function*() { … }).pipe(Effect.provide(TestLayer.memory())))
 *
 * Each build is a fresh, empty world.
 */
import {
  MemoryAdapters,
  type MemoryAdaptersOptions,
  MemoryStoreInspector,
  type SimulatedGatewayControl
} from "@corporate-groups/adapters"
import type { Entropy, PasswordHasher, PaymentGateway, Secrets, Store, Throttle } from "@corporate-groups/domain"
import { Effect, Layer } from "effect"
import { ControlledClock, DEFAULT_START } from "./ControlledClock.js"
import { StateInspector } from "./StateInspector.js"

/** What every use case needs. */
export type DomainServices = Store | Throttle | PaymentGateway | PasswordHasher | Secrets | Entropy

/** What the contract suite needs of a target: the domain's ports and the test handles. */
export type TestServices = DomainServices | StateInspector | SimulatedGatewayControl | ControlledClock

const FIXED_KEY = new Uint8Array(32).fill(7)

export interface TestLayerOptions extends MemoryAdaptersOptions {
  /** Epoch millis the controlled clock starts at. */
  readonly start?: number
}

const memoryInspector = Layer.effect(
  StateInspector,
  Effect.gen(function*() {
    const inspector = yield* MemoryStoreInspector
    return StateInspector.of({ snapshot: inspector.snapshot })
  })
)

export const TestLayer = {
  memory: (options: TestLayerOptions = {}): Layer.Layer<TestServices> =>
    memoryInspector.pipe(
      Layer.provideMerge(MemoryAdapters.layer({ fastHashing: true, masterKey: FIXED_KEY, ...options })),
      Layer.merge(ControlledClock.layer(options.start ?? DEFAULT_START))
    )
} as const

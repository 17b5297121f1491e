/**
 * Every port of the domain in one layer, in memory: what a test (here, in
 * `packages/testing`, or in another team's service) provides to run the
 * domain without a database or a card gateway. Each build is a fresh, empty
 * world. The test handles (store inspector and faults, gateway control) are
 * in the same context, so a test can reach them with `yield*`.
 */
import { Entropy, type PasswordHasher, type PaymentGateway, type Secrets, type Store, type Throttle } from "@corporate-groups/domain"
import { Layer } from "effect"
import { NodeSecrets } from "../crypto/NodeSecrets.js"
import { ScryptPasswordHasher } from "../crypto/ScryptPasswordHasher.js"
import { MemoryStore } from "./MemoryStore.js"
import type { MemoryStoreFaults, MemoryStoreInspector } from "./MemoryStoreInspector.js"
import { MemoryThrottle, type MemoryThrottleOptions } from "./MemoryThrottle.js"
import { SimulatedGateway, type SimulatedGatewayOptions } from "./SimulatedGateway.js"
import type { SimulatedGatewayControl } from "./SimulatedGatewayControl.js"

export interface MemoryAdaptersOptions {
  /**
   * Cheap scrypt parameters (N=2^10) instead of OWASP's minimum. For tests
   * only: off by default, so nothing built on this layer stores weak hashes
   * unless a test asked for it.
   */
  readonly fastHashing?: boolean
  /** The 32-byte master secret of `NodeSecrets`; a random one per build when absent. */
  readonly masterKey?: Uint8Array
  readonly gateway?: SimulatedGatewayOptions
  readonly throttle?: MemoryThrottleOptions
}

export type MemoryAdaptersServices =
  | Store
  | MemoryStoreInspector
  | MemoryStoreFaults
  | Throttle
  | PaymentGateway
  | SimulatedGatewayControl
  | PasswordHasher
  | Secrets
  | Entropy

export const MemoryAdapters = {
  layer: (options: MemoryAdaptersOptions = {}): Layer.Layer<MemoryAdaptersServices> =>
    Layer.mergeAll(
      MemoryStore.layer,
      MemoryThrottle.layer(options.throttle),
      SimulatedGateway.layer(options.gateway),
      options.fastHashing === true ? ScryptPasswordHasher.layerFast : ScryptPasswordHasher.layer,
      options.masterKey === undefined ? NodeSecrets.layerRandom : NodeSecrets.layer(options.masterKey),
      Entropy.layerCrypto
    )
} as const

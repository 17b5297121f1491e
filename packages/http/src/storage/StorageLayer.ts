/**
 * Composition of the host (DESIGN.md: composition happens in one place per
 * host). `storageLayer` is the one switch between stores: it gives the
 * `Store` and the `Throttle` (which must live where the store lives, shared
 * by every host). `appServicesLayer` adds what every store shares: the
 * simulated card gateway (the default when no real gateway is configured,
 * API.md §3), scrypt at OWASP's parameters, the secrets under the master key,
 * and the CSPRNG.
 */
import {
  MemoryStore,
  MemoryThrottle,
  NodeSecrets,
  ScryptPasswordHasher,
  SimulatedGateway
} from "@corporate-groups/adapters"
import {
  Entropy,
  type PasswordHasher,
  type PaymentGateway,
  type Secrets,
  type Store,
  type Throttle
} from "@corporate-groups/domain"
import { Effect, Layer, Schema } from "effect"
import type { Storage } from "../settings/Settings.js"

/** Every service the use cases need. */
export type AppServices = Store | Throttle | PaymentGateway | PasswordHasher | Secrets | Entropy

/** The store could not be opened (a bad URL, a server that does not answer, a driver this build lacks). */
export class StorageError extends Schema.TaggedError<StorageError>()("StorageError", {
  message: Schema.String
}) {}

export const storageLayer = (storage: Storage): Layer.Layer<Store | Throttle, StorageError> => {
  switch (storage.driver) {
    case "memory":
      return Layer.merge(MemoryStore.layer, MemoryThrottle.layer())
    case "pglite":
    case "postgres":
      return Layer.effectContext(Effect.fail(
        new StorageError({
          message: `STORAGE=${storage.driver} is not available in this build of @corporate-groups/adapters; ` +
            "use STORAGE=memory"
        })
      ))
  }
}

export const appServicesLayer = (storage: Storage, masterKey: Uint8Array): Layer.Layer<AppServices, StorageError> =>
  Layer.mergeAll(
    storageLayer(storage),
    SimulatedGateway.layer(),
    ScryptPasswordHasher.layer,
    NodeSecrets.layer(masterKey),
    Entropy.layerCrypto
  )

/**
 * Composition of the host (DESIGN.md: composition happens in one place per
 * host). `storageLayer` is the one switch between stores: it gives the
 * `Store` and the `Throttle` (which must live where the store lives, shared
 * by every host). `appServicesLayer` adds what every store shares: the
 * simulated card gateway (the default when no real gateway is configured,
 * API.md §3), scrypt at OWASP's parameters (cheap ones with
 * PASSWORD_HASHING=fast, for tests and benchmarks only), the secrets under
 * the master key, and the CSPRNG.
 */
import {
  MemoryStore,
  MemoryThrottle,
  type MigrationFailed,
  NodeSecrets,
  PostgresDatabase,
  PostgresStore,
  PostgresThrottle,
  ScryptPasswordHasher,
  SimulatedGateway
} from "@corporate-groups/adapters"
import {
  Entropy,
  type PasswordHasher,
  type PaymentGateway,
  type Secrets,
  type Store,
  type Throttle,
  type Unavailable
} from "@corporate-groups/domain"
import { Effect, Layer, Schema } from "effect"
import type { PasswordHashing, Storage } from "../settings/Settings.js"

/** Every service the use cases need. */
export type AppServices = Store | Throttle | PaymentGateway | PasswordHasher | Secrets | Entropy

/** The store could not be opened (a bad URL, a server that does not answer, a driver this build lacks). */
export class StorageError extends Schema.TaggedError<StorageError>()("StorageError", {
  message: Schema.String
}) {}

const describe = (error: MigrationFailed | Unavailable): string =>
  error._tag === "unavailable" ? error.reason : `migration ${error.migration ?? ""} failed: ${error.message}`

export const storageLayer = (storage: Storage): Layer.Layer<Store | Throttle, StorageError> => {
  switch (storage.driver) {
    case "memory":
      return Layer.merge(MemoryStore.layer, MemoryThrottle.layer())
    case "pglite":
    case "postgres":
      // The database is opened and brought to the latest schema when the layer is built (API.md §0).
      return Layer.merge(PostgresStore.layer(), PostgresThrottle.layer()).pipe(
        Layer.provide(PostgresDatabase.layer(storage)),
        Layer.catch((error) =>
          Layer.effectContext(Effect.fail(
            new StorageError({ message: `could not open STORAGE=${storage.driver}: ${describe(error)}` })
          ))
        )
      )
  }
}

export const appServicesLayer = (
  storage: Storage,
  masterKey: Uint8Array,
  passwordHashing: PasswordHashing = "owasp"
): Layer.Layer<AppServices, StorageError> =>
  Layer.mergeAll(
    storageLayer(storage),
    SimulatedGateway.layer(),
    // `fast` is for tests and benchmarks only (PASSWORD_HASHING, README).
    passwordHashing === "fast" ? ScryptPasswordHasher.layerFast : ScryptPasswordHasher.layer,
    NodeSecrets.layer(masterKey),
    Entropy.layerCrypto
  )

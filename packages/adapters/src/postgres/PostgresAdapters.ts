/**
 * Every port of the domain on PostgreSQL, in one layer, like
 * `MemoryAdapters.layer`: the store and the throttle in the database, the
 * ports that need no database shared with the memory adapters (scrypt,
 * `NodeSecrets`, the simulated card gateway, the CSPRNG), and the test
 * handles (`PostgresInspector`, `SimulatedGatewayControl`). The database is
 * opened (and migrated) when the layer is built and closed with its scope.
 */
import { Entropy, type PasswordHasher, type PaymentGateway, type Secrets, type Store, type Throttle, type Unavailable } from "@corporate-groups/domain"
import { Layer } from "effect"
import { NodeSecrets } from "../crypto/NodeSecrets.js"
import { ScryptPasswordHasher } from "../crypto/ScryptPasswordHasher.js"
import { SimulatedGateway, type SimulatedGatewayOptions } from "../memory/SimulatedGateway.js"
import type { SimulatedGatewayControl } from "../memory/SimulatedGatewayControl.js"
import type { MigrationFailed } from "./Migrations.js"
import { PostgresDatabase, type PostgresDatabaseOptions } from "./PostgresDatabase.js"
import { PostgresInspector } from "./PostgresInspector.js"
import { PostgresStore, type PostgresStoreOptions } from "./PostgresStore.js"
import { PostgresThrottle, type PostgresThrottleOptions } from "./PostgresThrottle.js"

export interface PostgresPortsOptions {
  /** Cheap scrypt parameters (N=2^10) instead of OWASP's minimum: tests only, off by default. */
  readonly fastHashing?: boolean
  /** The 32-byte master secret of `NodeSecrets`; a random one per build when absent. */
  readonly masterKey?: Uint8Array
  readonly gateway?: SimulatedGatewayOptions
  readonly throttle?: PostgresThrottleOptions
  readonly store?: PostgresStoreOptions
}

export interface PostgresAdaptersOptions extends PostgresPortsOptions {
  /** Which driver and where: `{ driver: "postgres", url }` or `{ driver: "pglite", dataDir? }`. */
  readonly database: PostgresDatabaseOptions
}

export type PostgresAdaptersServices =
  | Store
  | Throttle
  | PostgresInspector
  | PostgresDatabase
  | PaymentGateway
  | SimulatedGatewayControl
  | PasswordHasher
  | Secrets
  | Entropy

const overDatabase = (options: PostgresPortsOptions) =>
  Layer.mergeAll(
    PostgresStore.layer(options.store),
    PostgresThrottle.layer(options.throttle),
    PostgresInspector.layer,
    SimulatedGateway.layer(options.gateway),
    options.fastHashing === true ? ScryptPasswordHasher.layerFast : ScryptPasswordHasher.layer,
    options.masterKey === undefined ? NodeSecrets.layerRandom : NodeSecrets.layer(options.masterKey),
    Entropy.layerCrypto
  )

export const PostgresAdapters = {
  /** Opens the database when built, closes it with the layer's scope. */
  layer: (options: PostgresAdaptersOptions): Layer.Layer<PostgresAdaptersServices, MigrationFailed | Unavailable> =>
    overDatabase(options).pipe(Layer.provideMerge(PostgresDatabase.layer(options.database))),
  /** Every port over a database opened elsewhere (shared by several worlds, as a test fixture does); it stays open. */
  layerOver: (options: PostgresPortsOptions = {}): Layer.Layer<Exclude<PostgresAdaptersServices, PostgresDatabase>, never, PostgresDatabase> =>
    overDatabase(options)
} as const

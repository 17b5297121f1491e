/**
 * Every setting of the host, read from environment variables (API.md §0, the
 * package README's table). Defaults are the domain's documented ones
 * (DEFAULT_CONFIG), so the host never restates a rule's number. A bad value
 * stops the start with every bad variable named at once, rather than running
 * with a guess.
 */
import { DEFAULT_POOL_SIZE } from "@corporate-groups/adapters"
import { DEFAULT_CONFIG } from "@corporate-groups/domain"
import { Duration } from "effect"
import { LOG_LEVELS, type LogLevel } from "../log/Logger.js"
import { EnvReader } from "./EnvReader.js"

export { SettingsError } from "./EnvReader.js"

export type Storage =
  | { readonly driver: "memory" }
  | { readonly driver: "pglite"; readonly dataDir: string }
  | {
    readonly driver: "postgres"
    readonly url: string
    /** Connections of this host's pool, which is also how many of its transactions run at once. */
    readonly poolSize: number
  }

/**
 * `owasp`: scrypt at OWASP's minimum (N=2^17), the only setting for real
 * accounts. `fast`: N=2^10, about a hundred times cheaper and far below any
 * safe minimum, for tests and benchmarks that register hundreds of accounts.
 */
export type PasswordHashing = "owasp" | "fast"

/** Express's `trust proxy`: off, every hop, a number of hops, or addresses and subnets. */
export type TrustProxy = boolean | number | string

export interface Settings {
  readonly port: number
  readonly host: string
  readonly storage: Storage
  /** Where the embedded store and the generated master key live. */
  readonly dataDir: string
  readonly serviceDomain: string
  readonly currency: string
  readonly seatPrice: number
  readonly billingPeriodDays: number
  readonly gracePeriodDays: number
  readonly phoneRatePerMinute: number
  readonly throttle: {
    readonly windowMinutes: number
    readonly redemptionsPerAccount: number
    readonly redemptionsPerAddress: number
    readonly signInsPerPair: number
    readonly signInsPerAddress: number
  }
  readonly sessionTtlDays: number
  readonly freeSymmetric: { readonly participants: number; readonly minutes: number }
  readonly trustProxy: TrustProxy
  readonly logLevel: LogLevel
  /** Base64 of 32 bytes; null: generated (pglite) or random per process (memory). */
  readonly masterKey: string | null
  /** scrypt's cost: `owasp` (the default) or `fast` (tests and benchmarks only). */
  readonly passwordHashing: PasswordHashing
  /** How long SIGTERM waits for in-flight requests before closing their connections. */
  readonly shutdownTimeoutSeconds: number
}


const days = (duration: Duration.Duration) => Duration.toMillis(duration) / 86_400_000
const minutes = (duration: Duration.Duration) => Duration.toMillis(duration) / 60_000

const parseTrustProxy = (raw: string): TrustProxy | undefined => {
  const value = raw.trim()
  if (/^(|0|false|off|no)$/i.test(value)) return false
  if (/^(true|on|yes)$/i.test(value)) return true
  if (/^[0-9]+$/.test(value)) return Number(value)
  // Addresses, subnets or Express's names (loopback, linklocal, uniquelocal), comma-separated.
  return /^[0-9A-Za-z.:/,\s]+$/.test(value) ? value : undefined
}

/** Reads the settings from `env` (process.env by default); throws `SettingsError` listing every bad variable. */
export const readSettings = (env: Readonly<Record<string, string | undefined>> = process.env): Settings => {
  const read = new EnvReader(env)
  const config = DEFAULT_CONFIG
  const dataDir = read.string("DATA_DIR", "./data")
  const driver = read.oneOf("STORAGE", ["pglite", "memory", "postgres"] as const, "pglite")
  const databaseUrl = read.optionalString("DATABASE_URL")
  const poolSize = read.integer("DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE, { min: 1, max: 1000 })
  if (driver === "postgres" && databaseUrl === undefined) read.problem("DATABASE_URL is required when STORAGE=postgres")
  const storage: Storage = driver === "memory"
    ? { driver }
    : driver === "pglite"
    ? { driver, dataDir }
    : { driver, url: databaseUrl ?? "", poolSize }
  const freeSymmetric = config.tariffs.free.limits.symmetric
  const settings: Settings = {
    port: read.integer("PORT", 3000, { min: 0, max: 65_535 }),
    host: read.string("HOST", "127.0.0.1"),
    storage,
    dataDir,
    serviceDomain: read.matching("SERVICE_DOMAIN", config.serviceDomain, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "a lower-case domain name"),
    currency: read.matching("CURRENCY", config.currency, /^[A-Z]{3}$/, "an ISO 4217 code such as RUB"),
    seatPrice: read.integer("SEAT_PRICE", config.seatPrice, { min: 0 }),
    billingPeriodDays: read.integer("BILLING_PERIOD_DAYS", days(config.billingPeriod), { min: 1, max: 3660 }),
    gracePeriodDays: read.integer("GRACE_PERIOD_DAYS", days(config.gracePeriod), { min: 0, max: 3660 }),
    phoneRatePerMinute: read.integer("PHONE_RATE_PER_MINUTE", config.phoneRatePerMinute, { min: 0 }),
    throttle: {
      windowMinutes: read.integer("THROTTLE_WINDOW_MINUTES", minutes(config.throttle.window), { min: 1 }),
      redemptionsPerAccount: read.integer("THROTTLE_REDEMPTIONS_PER_ACCOUNT", config.throttle.redemptionsPerAccount, { min: 1 }),
      redemptionsPerAddress: read.integer("THROTTLE_REDEMPTIONS_PER_ADDRESS", config.throttle.redemptionsPerAddress, { min: 1 }),
      signInsPerPair: read.integer("THROTTLE_SIGN_INS_PER_PAIR", config.throttle.signInsPerPair, { min: 1 }),
      signInsPerAddress: read.integer("THROTTLE_SIGN_INS_PER_ADDRESS", config.throttle.signInsPerAddress, { min: 1 })
    },
    sessionTtlDays: read.integer("SESSION_TTL_DAYS", days(config.sessionTtl), { min: 1, max: 3660 }),
    freeSymmetric: {
      participants: read.integer("FREE_SYMMETRIC_PARTICIPANTS", freeSymmetric?.maxParticipants ?? 4, { min: 2 }),
      minutes: read.integer("FREE_SYMMETRIC_MINUTES", freeSymmetric?.maxDurationMinutes ?? 30, { min: 1 })
    },
    trustProxy: read.parsed("TRUST_PROXY", false, parseTrustProxy, "false, true, a number of hops, or addresses/subnets"),
    logLevel: read.oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
    masterKey: read.optionalString("MASTER_KEY") ?? null,
    passwordHashing: read.oneOf("PASSWORD_HASHING", ["owasp", "fast"] as const, "owasp"),
    shutdownTimeoutSeconds: read.integer("SHUTDOWN_TIMEOUT_SECONDS", 10, { min: 0, max: 3600 })
  }
  if (settings.masterKey !== null && Buffer.from(settings.masterKey, "base64").length !== 32) {
    read.problem("MASTER_KEY must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)")
  }
  read.assertValid()
  return settings
}

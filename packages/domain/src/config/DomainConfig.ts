/**
 * Everything SPEC.md leaves to configuration, with the documented defaults.
 * A host overrides it with `Layer.succeed(DomainConfig, { ...DEFAULT_CONFIG, … })`.
 */
import { Context, Duration } from "effect"
import type { Currency } from "../values/Money.js"
import { DEFAULT_CATALOG, type TariffCatalog } from "./Tariffs.js"

export interface ThrottleLimits {
  /** The sliding window that failures are counted in (R15: 15 minutes). */
  readonly window: Duration.Duration
  readonly redemptionsPerAccount: number
  readonly redemptionsPerAddress: number
  readonly signInsPerPair: number
  readonly signInsPerAddress: number
}

export interface DomainConfigShape {
  /** R2: TrueConf IDs are `login@<serviceDomain>`. */
  readonly serviceDomain: string
  readonly currency: Currency
  /** R40: price per seat per billing period, in minor units. */
  readonly seatPrice: number
  readonly billingPeriod: Duration.Duration
  /** R41: how long after the paid-through date a group stays active. */
  readonly gracePeriod: Duration.Duration
  /** R45: per-minute rate of calls to phones, in minor units. */
  readonly phoneRatePerMinute: number
  readonly throttle: ThrottleLimits
  readonly sessionTtl: Duration.Duration
  /** R44: how long an idempotency key is kept (at least 24 hours). */
  readonly idempotencyTtl: Duration.Duration
  /** R44: after this, a claim on an invoice by a charge that never finished may be taken over. */
  readonly chargeClaimTimeout: Duration.Duration
  readonly tariffs: TariffCatalog
}

export const DEFAULT_CONFIG: DomainConfigShape = {
  serviceDomain: "t.trueconf.com",
  currency: "RUB" as Currency,
  seatPrice: 45_000,
  billingPeriod: Duration.days(30),
  gracePeriod: Duration.days(3),
  phoneRatePerMinute: 300,
  throttle: {
    window: Duration.minutes(15),
    redemptionsPerAccount: 10,
    redemptionsPerAddress: 30,
    signInsPerPair: 10,
    signInsPerAddress: 100
  },
  sessionTtl: Duration.days(30),
  idempotencyTtl: Duration.hours(24),
  chargeClaimTimeout: Duration.minutes(2),
  tariffs: DEFAULT_CATALOG
}

export const DomainConfig = Context.Reference<DomainConfigShape>("@corporate-groups/domain/DomainConfig", {
  defaultValue: () => DEFAULT_CONFIG
})

/**
 * The domain's configuration (DomainConfig) from the host's settings: the
 * numbers SPEC.md leaves to configuration (R2's service domain, R30's Free
 * tariff, R40's price and period, R41's grace, R45's rate, R15's throttle).
 * Everything the settings do not cover keeps the domain's default.
 */
import { type Currency, DEFAULT_CONFIG, type DomainConfigShape } from "@corporate-groups/domain"
import { Duration } from "effect"
import type { Settings } from "./Settings.js"

export const domainConfigOf = (settings: Settings): DomainConfigShape => {
  const free = DEFAULT_CONFIG.tariffs.free
  return {
    ...DEFAULT_CONFIG,
    serviceDomain: settings.serviceDomain,
    currency: settings.currency as Currency,
    seatPrice: settings.seatPrice,
    billingPeriod: Duration.days(settings.billingPeriodDays),
    gracePeriod: Duration.days(settings.gracePeriodDays),
    phoneRatePerMinute: settings.phoneRatePerMinute,
    throttle: {
      window: Duration.minutes(settings.throttle.windowMinutes),
      redemptionsPerAccount: settings.throttle.redemptionsPerAccount,
      redemptionsPerAddress: settings.throttle.redemptionsPerAddress,
      signInsPerPair: settings.throttle.signInsPerPair,
      signInsPerAddress: settings.throttle.signInsPerAddress
    },
    sessionTtl: Duration.days(settings.sessionTtlDays),
    tariffs: {
      ...DEFAULT_CONFIG.tariffs,
      free: {
        ...free,
        limits: {
          ...free.limits,
          symmetric: {
            maxParticipants: settings.freeSymmetric.participants,
            maxPresenters: null,
            maxDurationMinutes: settings.freeSymmetric.minutes
          }
        }
      }
    }
  }
}

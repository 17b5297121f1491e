/**
 * R30: tariff plans are data. The Corporate entry is fixed by the source
 * document; the Free entry holds documented defaults that a deployment may
 * replace through `DomainConfig.tariffs.free`.
 */
export type ConferenceKind = "point-to-point" | "symmetric" | "role-based" | "asymmetric"
export const CONFERENCE_KINDS: ReadonlyArray<ConferenceKind> = ["point-to-point", "symmetric", "role-based", "asymmetric"]

/** What one kind of conference allows; `null` durations mean unlimited. */
export interface ConferenceLimit {
  readonly maxParticipants: number
  /** Only role-based conferences have presenters; null elsewhere. */
  readonly maxPresenters: number | null
  readonly maxDurationMinutes: number | null
}

export type TariffName = "free" | "corporate"

export interface Tariff {
  readonly name: TariffName
  /** A kind that is absent (null) is not offered by the tariff at all. */
  readonly limits: Readonly<Record<ConferenceKind, ConferenceLimit | null>>
}

export interface TariffCatalog {
  readonly free: Tariff
  readonly corporate: Tariff
}

export const CORPORATE: Tariff = {
  name: "corporate",
  limits: {
    "point-to-point": { maxParticipants: 2, maxPresenters: null, maxDurationMinutes: null },
    symmetric: { maxParticipants: 9, maxPresenters: null, maxDurationMinutes: null },
    "role-based": { maxParticipants: 120, maxPresenters: 4, maxDurationMinutes: null },
    asymmetric: { maxParticipants: 16, maxPresenters: null, maxDurationMinutes: null }
  }
}

export const FREE_DEFAULT: Tariff = {
  name: "free",
  limits: {
    "point-to-point": { maxParticipants: 2, maxPresenters: null, maxDurationMinutes: null },
    symmetric: { maxParticipants: 4, maxPresenters: null, maxDurationMinutes: 30 },
    "role-based": null,
    asymmetric: null
  }
}

export const DEFAULT_CATALOG: TariffCatalog = { free: FREE_DEFAULT, corporate: CORPORATE }

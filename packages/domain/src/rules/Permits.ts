/**
 * R30, R31, API.md §5 Permits: may this conference be held on this tariff?
 * Pure: the tariff (already derived, R32) and the question are given. The
 * answer is *allowed* with the longest duration the tariff permits (null:
 * unlimited), or a refusal naming the first limit broken, in the order
 * `kind`, `participants`, `presenters`, `duration`, with its maximum (0 for a
 * kind the tariff does not offer).
 */
import { Effect } from "effect"
import type { ConferenceKind, Tariff } from "../config/Tariffs.js"
import { ConferenceLimitExceeded } from "../errors/DomainErrors.js"

export interface PermitRequest {
  readonly kind: ConferenceKind
  /** Everyone in the conference, the organiser included; at least 1 (exactly 2 for point-to-point). */
  readonly participants: number
  /** Counts only for role-based conferences, where it defaults to 1; ignored for other kinds. */
  readonly presenters?: number | undefined
  /** The planned duration; when absent only the other limits are checked. */
  readonly durationMinutes?: number | undefined
}

export interface Permit {
  readonly allowed: true
  /** The longest the conference may last on this tariff; null when unlimited. */
  readonly maxDurationMinutes: number | null
  readonly tariff: Tariff
}

export type PermitLimit = ConferenceLimitExceeded["limit"]

/** The order in which the limits are checked (R31). */
export const PERMIT_LIMITS: ReadonlyArray<PermitLimit> = ["kind", "participants", "presenters", "duration"]

/** API.md §5: presenters of a role-based conference when none are given. */
export const DEFAULT_PRESENTERS = 1

/** The first limit the request breaks, with its maximum; null when none is broken. */
export const firstBrokenLimit = (
  tariff: Tariff,
  request: PermitRequest
): { readonly limit: PermitLimit; readonly max: number } | null => {
  const limits = tariff.limits[request.kind]
  if (limits === null) return { limit: "kind", max: 0 }
  if (request.participants > limits.maxParticipants) return { limit: "participants", max: limits.maxParticipants }
  if (request.kind === "role-based" && limits.maxPresenters !== null) {
    const presenters = request.presenters ?? DEFAULT_PRESENTERS
    if (presenters > limits.maxPresenters) return { limit: "presenters", max: limits.maxPresenters }
  }
  if (
    limits.maxDurationMinutes !== null && request.durationMinutes !== undefined &&
    request.durationMinutes > limits.maxDurationMinutes
  ) return { limit: "duration", max: limits.maxDurationMinutes }
  return null
}

/** R31: allowed with the longest permitted duration, or `conference-limit-exceeded`. */
export const decidePermit = (tariff: Tariff, request: PermitRequest): Effect.Effect<Permit, ConferenceLimitExceeded> => {
  const broken = firstBrokenLimit(tariff, request)
  if (broken !== null) return Effect.fail(new ConferenceLimitExceeded(broken))
  return Effect.succeed({
    allowed: true,
    maxDurationMinutes: tariff.limits[request.kind]?.maxDurationMinutes ?? null,
    tariff
  })
}

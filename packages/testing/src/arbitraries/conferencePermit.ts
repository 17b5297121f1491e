/**
 * R30, R31: the body of `POST /v1/me/conference-permits`: a kind, the
 * participants (the organiser included), presenters (role-based only, else
 * ignored whatever they are) and an optional planned duration. Valid bodies
 * span the tariff limits on both sides (4/5, 9/10, 16/17, 120/121
 * participants, 4/5 presenters, 30/31 minutes) so that permits are both
 * granted and refused; a point-to-point call always has at least 2
 * participants (1 is a validation failure, more is a refusal).
 */
import { CONFERENCE_KINDS, type ConferenceKind, type ConferencePermitInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, optional, required, withSpec } from "./body.js"
import { wrongType } from "./invalid.js"

export type ConferencePermitBody = Conforms<{
  readonly kind: ConferenceKind
  readonly participants: number
  readonly presenters?: number
  readonly durationMinutes?: number
}, typeof ConferencePermitInput.Encoded>

const LIMIT_EDGES = [1, 2, 3, 4, 5, 9, 10, 16, 17, 120, 121]

const participantsFor = (kind: ConferenceKind): fc.Arbitrary<number> =>
  kind === "point-to-point"
    ? fc.oneof({ weight: 4, arbitrary: fc.constant(2) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 10 }) })
    : fc.oneof(fc.constantFrom(...LIMIT_EDGES), fc.integer({ min: 1, max: 200 }))

/** Counts the domain refuses: below 1, fractions, numeric strings, other types (never 1: a point-to-point rule). */
const badCount = ({ withNull }: { readonly withNull: boolean }): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(0, -1, 1.5, 2.25, "3", "two"),
    fc.integer({ min: -1_000, max: 0 }),
    wrongType("number", { withNull })
  )

export interface ConferencePermitOptions {
  /** Only this kind; default any. */
  readonly kind?: ConferenceKind
}

/** A valid permit question, within the limits of some tariff or not. */
export const conferencePermitInput = ({ kind }: ConferencePermitOptions = {}): BodyArbitrary<ConferencePermitBody> =>
  withSpec(
    (kind === undefined ? fc.constantFrom(...CONFERENCE_KINDS) : fc.constant(kind)).chain((chosen) =>
      fc.record(
        {
          kind: fc.constant(chosen),
          participants: participantsFor(chosen),
          presenters: fc.oneof(fc.constantFrom(1, 4, 5), fc.integer({ min: 1, max: 10 })),
          durationMinutes: fc.oneof(fc.constantFrom(1, 30, 31, 60), fc.integer({ min: 1, max: 24 * 60 }))
        },
        { requiredKeys: ["kind", "participants"] }
      )
    ),
    {
      fields: {
        kind: required(fc.oneof(fc.constantFrom("video", "webinar", "Symmetric", "ROLE-BASED", "point_to_point", "p2p", ""), wrongType("string"))),
        participants: required(badCount({ withNull: true })),
        // Ignored, whatever it is, unless the conference is role-based.
        presenters: (body) => (body["kind"] === "role-based" ? badCount({ withNull: false }) : undefined),
        durationMinutes: optional(badCount({ withNull: false }))
      }
    }
  )

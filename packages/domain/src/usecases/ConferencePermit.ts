/**
 * R30–R32: may the signed-in User hold this conference
 * (`POST /v1/me/conference-permits`)? Decided by rules/Permits.ts on the User's
 * effective tariff. A GroupAdmin is always refused (`admin-cannot-call`, R4),
 * before its body is looked at (API.md §5: the account kind before validation).
 */
import { Effect, Schema } from "effect"
import { CONFERENCE_KINDS } from "../config/Tariffs.js"
import { AdminCannotCall } from "../errors/DomainErrors.js"
import { Store } from "../ports/Store.js"
import { decidePermit } from "../rules/Permits.js"
import { decodeInput, invalid, mergeValidation } from "../values/Validation.js"
import { dropNulls, dropWhere, rawField } from "./support/Input.js"
import type { Principal } from "./support/Principal.js"
import { groupOf, tariffOf } from "./support/Profile.js"

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

export const ConferencePermitInput = Schema.Struct({
  kind: Schema.Literals(CONFERENCE_KINDS),
  /** Everyone in the conference, the organiser included. */
  participants: Count,
  /** Role-based only (default 1); ignored, whatever it is, for other kinds. */
  presenters: Schema.optional(Count),
  /** The planned duration in whole minutes, optional. */
  durationMinutes: Schema.optional(Count)
})

/** API.md §5 Permits: a point-to-point call has exactly 2 participants (more is a refusal on `participants`). */
const pointToPointHasTwo = (input: unknown) => {
  // 0 and non-integers are already reported by the schema.
  return rawField(input, "kind") === "point-to-point" && rawField(input, "participants") === 1
    ? Effect.fail(invalid("participants", "must be 2 for a point-to-point call"))
    : Effect.void
}

const decodePermitRequest = (input: unknown) => {
  const body = dropWhere(
    dropNulls(input, ["presenters", "durationMinutes"]),
    ["presenters"],
    () => rawField(input, "kind") !== "role-based"
  )
  return mergeValidation(decodeInput(ConferencePermitInput)(body), pointToPointHasTwo(body)).pipe(
    Effect.map(([request]) => request)
  )
}

export const requestConferencePermit = Effect.fn("requestConferencePermit")(function*(
  principal: Principal,
  input: unknown
) {
  if (principal.kind !== "user") return yield* new AdminCannotCall()
  const request = yield* decodePermitRequest(input)
  const group = yield* (yield* Store).transaction((tx) => groupOf(tx, principal.userId))
  return yield* decidePermit(yield* tariffOf(group), request)
})

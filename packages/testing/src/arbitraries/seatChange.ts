/** R43: the body of `PUT /v1/admin/seats`: the new seat total, 1–10,000. */
import type { ChangeSeatsInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, required, withSpec } from "./body.js"
import { valuesOf } from "./invalid.js"
import { invalidSeats, seats as anySeats } from "./seats.js"

export type SeatChangeBody = Conforms<{ readonly seats: number }, typeof ChangeSeatsInput.Encoded>

/** A valid seat change; `seats` defaults to `seats()` (model tests pass `smallSeats()`). */
export const seatChangeInput = ({ seats = anySeats() }: { readonly seats?: fc.Arbitrary<number> } = {}): BodyArbitrary<SeatChangeBody> =>
  withSpec(fc.record({ seats }), { fields: { seats: required(valuesOf(invalidSeats())) } })

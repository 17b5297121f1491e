/** R18, R43: a group has 1–10,000 paid seats. */
import { Schema } from "effect"

export const MAX_SEATS = 10_000

export const Seats = Schema.Int.pipe(
  Schema.check(Schema.isBetween({ minimum: 1, maximum: MAX_SEATS }, { message: `must be a whole number from 1 to ${MAX_SEATS}` }))
)
export type Seats = typeof Seats.Type

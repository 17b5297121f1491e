/**
 * R18: the body of `POST /v1/groups`: a group (name of 1–100 characters,
 * 1–10,000 seats) and its GroupAdmin (email, password and confirmation),
 * nested under `admin`, so broken fields are reported as `admin.email` and
 * so on. With `index`, the admin's email is distinct for distinct indices
 * (and from every user email made with an index).
 */
import type { RegisterGroupInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, confirmationOf, required, withSpec } from "./body.js"
import { email, emailFor, invalidEmail } from "./email.js"
import { invalidGroupName, groupName } from "./groupName.js"
import { valuesOf } from "./invalid.js"
import { invalidPassword, password } from "./password.js"
import { invalidSeats, seats as anySeats } from "./seats.js"
import type { UniqueKey } from "./trueconfId.js"

export type RegisterGroupBody = Conforms<{
  readonly name: string
  readonly seats: number
  readonly admin: {
    readonly email: string
    readonly password: string
    readonly passwordConfirmation: string
  }
}, typeof RegisterGroupInput.Encoded>

export interface RegisterGroupOptions {
  /** The seats to buy; default `seats()` (1–10,000). Model tests pass `smallSeats()`. */
  readonly seats?: fc.Arbitrary<number>
  /** Makes the admin's email unique: distinct indices never collide. */
  readonly index?: UniqueKey
}

/** A valid group registration; the domain's `RegisterGroupInput` decodes it. */
export const registerGroupInput = ({ index, seats = anySeats() }: RegisterGroupOptions = {}): BodyArbitrary<RegisterGroupBody> =>
  withSpec(
    fc.record({
      name: groupName(),
      seats,
      email: index === undefined ? email() : emailFor(`a${index}`),
      password: password()
    }).map(({ email: address, name, password: secret, seats: count }) => ({
      name,
      seats: count,
      admin: { email: address, password: secret, passwordConfirmation: secret }
    })),
    {
      fields: {
        name: required(valuesOf(invalidGroupName())),
        seats: required(valuesOf(invalidSeats())),
        "admin.email": required(valuesOf(invalidEmail())),
        "admin.password": required(valuesOf(invalidPassword())),
        "admin.passwordConfirmation": confirmationOf("admin.password")
      },
      confirmations: [["admin.password", "admin.passwordConfirmation"]]
    }
  )

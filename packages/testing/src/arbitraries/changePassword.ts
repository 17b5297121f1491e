/**
 * R5: the body of `PUT /v1/me/password` and `PUT /v1/admin/password`: the
 * current password (any string: a wrong one is refused on `currentPassword`
 * by the use case, after checking it against the stored hash), a new one
 * under the policy of R2, and its confirmation.
 */
import type { ChangePasswordInput } from "@corporate-groups/domain"
import { type BodyArbitrary, type Conforms, confirmationOf, required, withSpec } from "./body.js"
import { valuesOf, wrongType } from "./invalid.js"
import { invalidPassword, password } from "./password.js"

export type ChangePasswordBody = Conforms<{
  readonly currentPassword: string
  readonly newPassword: string
  readonly newPasswordConfirmation: string
}, typeof ChangePasswordInput.Encoded>

/** A valid password change from `current` (the account's password as set). */
export const changePasswordInput = (current: string): BodyArbitrary<ChangePasswordBody> =>
  withSpec(
    password().map((next) => ({ currentPassword: current, newPassword: next, newPasswordConfirmation: next })),
    {
      fields: {
        currentPassword: required(wrongType("string")),
        newPassword: required(valuesOf(invalidPassword())),
        newPasswordConfirmation: confirmationOf("newPassword")
      },
      confirmations: [["newPassword", "newPasswordConfirmation"]]
    }
  )

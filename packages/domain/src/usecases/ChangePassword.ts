/**
 * R5: changing one's password (`PUT /v1/me/password`, `PUT /v1/admin/password`).
 * A wrong current password is a validation failure on `currentPassword` (not a
 * failed sign-in), reported with every other bad field; the new password
 * follows the policy of R2 and its confirmation must match. Every other session
 * of the account ends; the one that changed it stays.
 */
import { Effect, Option, Schema } from "effect"
import { Unauthenticated } from "../errors/DomainErrors.js"
import type { Account, PasswordHash } from "../model/Accounts.js"
import { hashPassword, verifyPassword } from "./support/Passwords.js"
import { Store, type Tx } from "../ports/Store.js"
import { Password } from "../values/Password.js"
import { confirmationMatches, decodeInput, invalid, mergeValidation } from "../values/Validation.js"
import { rawField } from "./support/Input.js"
import { actorOf, type Principal } from "./support/Principal.js"
import { record } from "./support/Record.js"

export const ChangePasswordInput = Schema.Struct({
  currentPassword: Schema.String,
  newPassword: Password,
  newPasswordConfirmation: Schema.String
})

const WRONG_CURRENT = "is not the current password"

const loadAccount = (tx: Tx, principal: Principal, lock: boolean): Effect.Effect<Option.Option<Account>> =>
  principal.kind === "user"
    ? tx.users.get(principal.userId, { lock })
    : tx.admins.get(principal.adminId, { lock })

const saveHash = (tx: Tx, account: Account, passwordHash: PasswordHash): Effect.Effect<void> =>
  account.kind === "user"
    ? tx.users.update({ ...account, passwordHash })
    : tx.admins.update({ ...account, passwordHash })

export const changePassword = Effect.fn("changePassword")(function*(principal: Principal, input: unknown) {
  const store = yield* Store
  const account = yield* store.transaction((tx) => loadAccount(tx, principal, false))
  if (Option.isNone(account)) return yield* new Unauthenticated()
  const currentHash = account.value.passwordHash
  // Every bad field at once: the current password is checked beside the schema.
  const current = rawField(input, "currentPassword")
  const [fields] = yield* mergeValidation(
    decodeInput(ChangePasswordInput)(input),
    confirmationMatches(input, "newPassword", "newPasswordConfirmation"),
    typeof current === "string"
      ? Effect.filterOrFail(verifyPassword(current, currentHash), (ok) => ok, () => invalid("currentPassword", WRONG_CURRENT))
      : Effect.void
  )
  // Hashing is slow: done once, before the transaction (which may be retried).
  const newHash = yield* hashPassword(fields.newPassword)
  yield* store.transaction((tx) =>
    Effect.gen(function*() {
      const locked = yield* loadAccount(tx, principal, true)
      if (Option.isNone(locked)) return yield* new Unauthenticated()
      // Changed meanwhile by another request: the verified password is no longer current.
      if (locked.value.passwordHash !== currentHash) return yield* invalid("currentPassword", WRONG_CURRENT)
      yield* saveHash(tx, locked.value, newHash)
      yield* tx.sessions.deleteAllBut(locked.value.id, principal.sessionId)
      const actor = actorOf(principal)
      // API.md §5 Audit: the admin's change is audited in its group; a user's is no change of a group.
      yield* record(tx, {
        type: "PasswordChanged",
        groupId: principal.kind === "group-admin" ? principal.groupId : null,
        actor,
        target: actor,
        payload: {}
      })
    })
  )
})

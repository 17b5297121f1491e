/**
 * R5: every password goes through here on its way to the hasher, normalised to
 * Unicode NFC first, so that "é" typed as one character or as "e" plus an
 * accent (as different keyboards and systems send it) is the same password.
 */
import { Effect } from "effect"
import type { PasswordHash } from "../../model/Accounts.js"
import { PasswordHasher } from "../../ports/PasswordHasher.js"

const normalize = (password: string): string => password.normalize("NFC")

export const hashPassword = Effect.fnUntraced(function*(password: string): Effect.fn.Return<PasswordHash, never, PasswordHasher> {
  return yield* (yield* PasswordHasher).hash(normalize(password))
})

/** Verifies against `hash`, or against the hasher's decoy when there is no account (same time either way). */
export const verifyPassword = Effect.fnUntraced(function*(
  password: string,
  hash: PasswordHash | null
): Effect.fn.Return<boolean, never, PasswordHasher> {
  const hasher = yield* PasswordHasher
  const ok = yield* hasher.verify(normalize(password), hash ?? hasher.decoy)
  return ok && hash !== null
})

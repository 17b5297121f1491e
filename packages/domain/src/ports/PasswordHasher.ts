/**
 * R5: passwords are kept only as a memory-hard hash (scrypt or argon2id at or
 * above OWASP's minimums), as a self-describing string so that parameters can
 * be raised later, and compared in constant time.
 */
import { Context, type Effect } from "effect"
import type { PasswordHash } from "../model/Accounts.js"

export class PasswordHasher extends Context.Service<PasswordHasher, {
  readonly hash: (password: string) => Effect.Effect<PasswordHash>
  readonly verify: (password: string, hash: PasswordHash) => Effect.Effect<boolean>
  /**
   * A hash of a password nobody has, verified against when the account does
   * not exist, so a wrong login takes as long as a wrong password (API.md §1).
   */
  readonly decoy: PasswordHash
}>()("@corporate-groups/domain/ports/PasswordHasher") {}

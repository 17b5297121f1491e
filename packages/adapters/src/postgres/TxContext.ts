/**
 * What the Tx methods of one transaction share: the kysely transaction, and
 * the users whose rows this transaction already holds locked. A membership
 * copies its user's sort keys (R16), and those must be the names as they
 * will be when the membership commits: a user row locked here (read for
 * update, inserted or updated here) cannot change under us, so its names
 * need no second read; any other is read again under a share lock.
 */
import type { User } from "@corporate-groups/domain"
import type { Transaction } from "kysely"
import type { Database } from "./Database.js"

export interface TxContext {
  readonly trx: Transaction<Database>
  readonly lockedUsers: Map<string, User>
}

export const txContext = (trx: Transaction<Database>): TxContext => ({ trx, lockedUsers: new Map() })

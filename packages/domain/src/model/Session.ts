/**
 * A signed-in session. The token itself is never stored: only its hash
 * (API.md §1), so a copy of the database cannot be used to sign in.
 */
import type { DateTime } from "effect"
import type { AccountId, SessionId } from "../values/Ids.js"
import type { AccountKind } from "./Accounts.js"

export type Client = "app" | "cabinet"

export interface Session {
  readonly id: SessionId
  readonly tokenHash: string
  readonly accountId: AccountId
  readonly accountKind: AccountKind
  readonly client: Client
  readonly createdAt: DateTime.Utc
  readonly expiresAt: DateTime.Utc
}

/**
 * Who is calling, as `authenticate` (usecases/Authenticate.ts) establishes it
 * from a session. R1: a use case for users takes a `UserPrincipal`, one for
 * admins an `AdminPrincipal`; the host turns the wrong kind into `forbidden`.
 */
import { Effect } from "effect"
import { Forbidden } from "../../errors/DomainErrors.js"
import type { AccountRef } from "../../model/Accounts.js"
import type { GroupAdminId, GroupId, SessionId, UserId } from "../../values/Ids.js"

export interface UserPrincipal {
  readonly kind: "user"
  readonly userId: UserId
  readonly sessionId: SessionId
}

export interface AdminPrincipal {
  readonly kind: "group-admin"
  readonly adminId: GroupAdminId
  readonly groupId: GroupId
  readonly sessionId: SessionId
}

export type Principal = UserPrincipal | AdminPrincipal

/** Where a request comes from, for the per-address throttles of R15. */
export interface ClientInfo {
  readonly address: string
}

export const actorOf = (principal: Principal): AccountRef =>
  principal.kind === "user"
    ? { kind: "user", id: principal.userId }
    : { kind: "group-admin", id: principal.adminId }

export const requireUser = (principal: Principal): Effect.Effect<UserPrincipal, Forbidden> =>
  principal.kind === "user" ? Effect.succeed(principal) : Effect.fail(new Forbidden())

export const requireAdmin = (principal: Principal): Effect.Effect<AdminPrincipal, Forbidden> =>
  principal.kind === "group-admin" ? Effect.succeed(principal) : Effect.fail(new Forbidden())

/**
 * R1: User and GroupAdmin are distinct types, and so are the principals of
 * their sessions. The `@ts-expect-error` lines are checked by `npm run
 * typecheck` (tsconfig.test.json): were the types ever to merge, the
 * directive itself would fail the build. At run time, a use case for one kind
 * refuses a principal of the other.
 */
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import type { GroupAdminId, GroupId, SessionId, UserId } from "../values/Ids.js"
import {
  type AdminPrincipal,
  type Principal,
  requireAdmin,
  requireUser,
  type UserPrincipal
} from "../usecases/support/Principal.js"
import type { GroupAdmin, User } from "./Accounts.js"

const userPrincipal: UserPrincipal = { kind: "user", userId: "u" as UserId, sessionId: "s" as SessionId }
const adminPrincipal: AdminPrincipal = {
  kind: "group-admin",
  adminId: "a" as GroupAdminId,
  groupId: "g" as GroupId,
  sessionId: "s" as SessionId
}

const onlyUsers = (user: User): string => user.trueconfId
const onlyAdmins = (admin: GroupAdmin): string => admin.groupId
const forUsers = (principal: UserPrincipal): string => principal.userId
const run = (e: Effect.Effect<unknown, { _tag: string }>) => Effect.runSyncExit(Effect.mapError(e, (x) => x._tag))

describe("R1: two account kinds, distinct types", () => {
  it("R1: a GroupAdmin is never accepted where a User is expected, nor the reverse (compile time)", () => {
    const admin = { kind: "group-admin", id: "a", groupId: "g", email: "a@b.co" } as unknown as GroupAdmin
    const user = { kind: "user", id: "u", trueconfId: "x@t.trueconf.com" } as unknown as User
    // @ts-expect-error R1: an admin is not a user
    expect(() => onlyUsers(admin)).not.toThrow()
    // @ts-expect-error R1: a user is not an admin
    expect(() => onlyAdmins(user)).not.toThrow()
    // @ts-expect-error R1: an admin's session is not a user's
    expect(forUsers(adminPrincipal)).toBeUndefined()
    // @ts-expect-error R1: ids are branded per kind
    const userId: UserId = adminPrincipal.adminId
    expect(userId).toBe("a")
  })

  it("R1: at run time, a principal of the other kind is forbidden", () => {
    const principals: ReadonlyArray<Principal> = [userPrincipal, adminPrincipal]
    expect(principals.map((p) => run(requireUser(p)))).toEqual([Exit.succeed(userPrincipal), Exit.fail("forbidden")])
    expect(principals.map((p) => run(requireAdmin(p)))).toEqual([Exit.fail("forbidden"), Exit.succeed(adminPrincipal)])
  })
})

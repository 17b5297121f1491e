/**
 * API.md §1: a bearer token becomes the `Principal` of the request. Tokens are
 * kept only as a hash; an unknown or expired token is `unauthenticated`. Every
 * host asks the store, so a sign-out or a password change on one host takes
 * effect on every host at the next request.
 */
import { DateTime, Effect, Option } from "effect"
import { Unauthenticated, type Unavailable } from "../errors/DomainErrors.js"
import { Secrets } from "../ports/Secrets.js"
import { Store } from "../ports/Store.js"
import type { GroupAdminId, UserId } from "../values/Ids.js"
import type { Principal } from "./support/Principal.js"

/** Longer than any token this library issues by far; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 512

/**
 * Untraced, unlike most use cases: it runs on every request of its routes, and a
 * named `Effect.fn` costs a span and a captured stack on each call (about
 * 10 µs, measured), while no tracer is installed and a defect's log line
 * already names the request (its id and path).
 */
export const authenticate = Effect.fnUntraced(function*(token: string): Effect.fn.Return<
  Principal,
  Unauthenticated | Unavailable,
  Secrets | Store
> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return yield* new Unauthenticated()
  const tokenHash = yield* (yield* Secrets).tokenHash(token)
  const now = yield* DateTime.now
  return yield* (yield* Store).transaction((tx) =>
    Effect.gen(function*() {
      const found = yield* tx.sessions.findByTokenHash(tokenHash)
      if (Option.isNone(found) || !DateTime.isLessThan(now, found.value.expiresAt)) {
        return yield* new Unauthenticated()
      }
      const session = found.value
      if (session.accountKind === "user") {
        return { kind: "user", userId: session.accountId as UserId, sessionId: session.id } satisfies Principal
      }
      // R4: an admin acts for its group; the principal carries it.
      const admin = yield* tx.admins.get(session.accountId as GroupAdminId)
      if (Option.isNone(admin)) return yield* new Unauthenticated()
      return {
        kind: "group-admin",
        adminId: admin.value.id,
        groupId: admin.value.groupId,
        sessionId: session.id
      } satisfies Principal
    })
  )
})

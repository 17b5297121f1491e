/**
 * R51: the group's audit trail (GET /v1/admin/audit), newest first: who did
 * what, when, to whom.
 */
import { type DateTime, Effect } from "effect"
import type { AccountRef } from "../model/Accounts.js"
import type { Target } from "../model/Events.js"
import { Store } from "../ports/Store.js"
import type { Page } from "../values/Page.js"
import { decodePageQuery, newestFirstPage, positionKeyset } from "./support/Paging.js"
import type { AdminPrincipal } from "./support/Principal.js"

export interface AuditTrailItem {
  readonly at: DateTime.Utc
  readonly actor: AccountRef
  /** The main event's name in kebab case (`member-joined`). */
  readonly action: string
  readonly target: Target | null
}

const decodeQuery = decodePageQuery(positionKeyset)

/** `input` is the query `{ limit?, cursor? }` as received. */
export const auditTrail = Effect.fn("auditTrail")(function*(principal: AdminPrincipal, input: unknown) {
  const query = yield* decodeQuery(input)
  return yield* (yield* Store).transaction((tx) =>
    newestFirstPage(query, (page) => tx.audit.list(principal.groupId, page)).pipe(
      Effect.map((page): Page<AuditTrailItem> => ({
        items: page.items.map(({ action, actor, at, target }) => ({
          at,
          actor: { kind: actor.kind, id: actor.id },
          action,
          target: target === null ? null : { kind: target.kind, id: target.id }
        })),
        nextCursor: page.nextCursor
      }))
    )
  )
})

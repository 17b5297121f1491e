/**
 * R16: the admin's *Users* list (GET /v1/admin/members): the group's members
 * with their emails, in the address book's order and pagination.
 */
import { type DateTime, Effect } from "effect"
import { Store } from "../ports/Store.js"
import type { Email } from "../values/Email.js"
import type { UserId } from "../values/Ids.js"
import type { Page } from "../values/Page.js"
import type { PersonName } from "../values/PersonName.js"
import type { TrueconfId } from "../values/TrueconfId.js"
import { decodePageQuery, mapPage, membersKeyset, membersPage } from "./support/Paging.js"
import type { AdminPrincipal } from "./support/Principal.js"

export interface MemberListItem {
  readonly id: UserId
  readonly trueconfId: TrueconfId
  readonly email: Email
  readonly firstName: PersonName
  readonly lastName: PersonName
  readonly joinedAt: DateTime.Utc
}

const decodeQuery = decodePageQuery(membersKeyset)

/** `input` is the query `{ limit?, cursor? }` as received. */
export const listMembers = Effect.fn("listMembers")(function*(principal: AdminPrincipal, input: unknown) {
  const query = yield* decodeQuery(input)
  const page = yield* (yield* Store).transaction((tx) => membersPage(tx, principal.groupId, query))
  return mapPage(page, ({ joinedAt, user }): MemberListItem => ({
    id: user.id,
    trueconfId: user.trueconfId,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    joinedAt
  })) satisfies Page<MemberListItem>
})

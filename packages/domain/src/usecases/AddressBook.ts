/**
 * R16: the shared address book (GET /v1/me/address-book): every current
 * member of the user's group, themself included, whatever the group's status;
 * names and TrueConf IDs, never emails; never the admin (admins are not
 * members). A user without a group sees an empty book, not an error.
 */
import { Effect, Option } from "effect"
import type { Member } from "../model/Membership.js"
import { Store } from "../ports/Store.js"
import type { UserId } from "../values/Ids.js"
import type { Page } from "../values/Page.js"
import type { PersonName } from "../values/PersonName.js"
import type { TrueconfId } from "../values/TrueconfId.js"
import { decodePageQuery, emptyPage, mapPage, membersKeyset, membersPage } from "./support/Paging.js"
import type { UserPrincipal } from "./support/Principal.js"

export interface AddressBookEntry {
  readonly id: UserId
  readonly trueconfId: TrueconfId
  readonly firstName: PersonName
  readonly lastName: PersonName
}

const decodeQuery = decodePageQuery(membersKeyset)

/** `input` is the query `{ limit?, cursor? }` as received. */
export const addressBook = Effect.fn("addressBook")(function*(principal: UserPrincipal, input: unknown) {
  const query = yield* decodeQuery(input)
  const page = yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    const membership = yield* tx.memberships.findByUser(principal.userId)
    if (Option.isNone(membership)) return emptyPage<Member>()
    return yield* membersPage(tx, membership.value.groupId, query)
  }))
  return mapPage(page, ({ user }): AddressBookEntry => ({
    id: user.id,
    trueconfId: user.trueconfId,
    firstName: user.firstName,
    lastName: user.lastName
  })) satisfies Page<AddressBookEntry>
})

/**
 * R44: the payment history (GET /v1/admin/payments): every attempt,
 * succeeded or failed, with the gateway's reference, newest first, keyset on
 * the store's position.
 */
import { Effect } from "effect"
import { Store } from "../ports/Store.js"
import type { Page } from "../values/Page.js"
import { decodePageQuery, mapPage, newestFirstPage, positionKeyset } from "./support/Paging.js"
import type { AdminPrincipal } from "./support/Principal.js"
import { type PaymentView, toPaymentView } from "./support/Views.js"

const decodeQuery = decodePageQuery(positionKeyset)

/** `input` is the query `{ limit?, cursor? }` as received. */
export const listPayments = Effect.fn("listPayments")(function*(principal: AdminPrincipal, input: unknown) {
  const query = yield* decodeQuery(input)
  const page = yield* (yield* Store).transaction((tx) =>
    newestFirstPage(query, (request) => tx.payments.list(principal.groupId, request))
  )
  return mapPage(page, toPaymentView) satisfies Page<PaymentView>
})

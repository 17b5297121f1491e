/**
 * R44: the group's invoices in the admin cabinet
 * (GET /v1/admin/invoices, newest first, keyset on the store's position;
 * GET /v1/admin/invoices/{invoiceId}). Statuses are as they read now: an
 * open invoice whose period has ended reads void. Another group's invoice,
 * or an id that is not one, is `not-found`.
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { NotFound } from "../errors/DomainErrors.js"
import { Store } from "../ports/Store.js"
import { InvoiceId } from "../values/Ids.js"
import type { Page } from "../values/Page.js"
import { findInvoiceOf } from "./support/Invoicing.js"
import { decodePageQuery, mapPage, newestFirstPage, positionKeyset } from "./support/Paging.js"
import type { AdminPrincipal } from "./support/Principal.js"
import { type InvoiceView, toInvoiceView } from "./support/Views.js"

const decodeQuery = decodePageQuery(positionKeyset)
const isInvoiceId = Schema.is(InvoiceId)

/** `input` is the query `{ limit?, cursor? }` as received. */
export const listInvoices = Effect.fn("listInvoices")(function*(principal: AdminPrincipal, input: unknown) {
  const query = yield* decodeQuery(input)
  const page = yield* (yield* Store).transaction((tx) =>
    newestFirstPage(query, (request) => tx.invoices.list(principal.groupId, request))
  )
  const now = yield* DateTime.now
  return mapPage(page, (invoice) => toInvoiceView(invoice, now)) satisfies Page<InvoiceView>
})

/** `invoiceId` as in the path. */
export const getInvoice = Effect.fn("getInvoice")(function*(principal: AdminPrincipal, invoiceId: string) {
  if (!isInvoiceId(invoiceId)) return yield* new NotFound({ resource: "invoice" })
  const invoice = yield* (yield* Store).transaction((tx) => findInvoiceOf(tx, principal.groupId, invoiceId))
  if (Option.isNone(invoice)) return yield* new NotFound({ resource: "invoice" })
  return toInvoiceView(invoice.value, yield* DateTime.now)
})

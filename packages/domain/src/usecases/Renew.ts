/**
 * R42, R44 and API.md §5 *Periods*: the admin asks for the next period's
 * invoice (POST /v1/admin/renewals): 201 `{ invoice }`.
 *
 * Refused with `open-invoice-exists` while a first or renewal invoice is
 * open. One whose period ended unpaid reads as void (and is stored as void
 * now), so a fresh one is issued: a renewal from the paid-through date (from
 * now when the group is suspended), or for a group never paid a new first
 * invoice from now. A renewal is for the current seats; renewals may be
 * issued and paid one after another to prepay several periods.
 */
import { DateTime, Effect } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { OpenInvoiceExists } from "../errors/DomainErrors.js"
import { Store } from "../ports/Store.js"
import { openPeriodInvoice } from "../rules/InvoiceStatus.js"
import { nextPeriod } from "../rules/Periods.js"
import { periodAmount } from "../rules/SeatChange.js"
import { invoiceIssued, issueInvoice, pricingOf, voidExpired } from "./support/Invoicing.js"
import { loadGroup } from "./support/LoadGroup.js"
import { actorOf, type AdminPrincipal } from "./support/Principal.js"
import { record } from "./support/Record.js"
import { toInvoiceView } from "./support/Views.js"

export const renew = Effect.fn("renew")(function*(principal: AdminPrincipal) {
  const config = yield* DomainConfig
  const actor = actorOf(principal)
  return yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    const now = yield* DateTime.now
    const group = yield* loadGroup(tx, principal.groupId, { lock: true })
    const open = yield* tx.invoices.listOpen(group.id)
    const blocking = openPeriodInvoice(open, now)
    if (blocking !== null) return yield* new OpenInvoiceExists({ invoiceId: blocking.id })
    const next = nextPeriod(group, now, config.billingPeriod, config.gracePeriod)
    const invoice = yield* issueInvoice(tx, group.id, {
      kind: next.kind,
      amount: periodAmount(group.seats, pricingOf(config)),
      seats: group.seats,
      periodStart: next.period.start,
      periodEnd: next.period.end
    }, now)
    const expired = yield* voidExpired(tx, open, now, config, actor)
    yield* record(tx, invoiceIssued(invoice, actor), ...expired)
    return { invoice: toInvoiceView(invoice, now) }
  }))
})

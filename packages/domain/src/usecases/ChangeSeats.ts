/**
 * R43: the admin sets the group's seat total (PUT /v1/admin/seats, body
 * `{ seats }`, 1–10,000). The decision is rules/SeatChange.ts; this writes it
 * in one transaction with its events. The answer carries `outcome`, which
 * the host maps to the status code, and `body`, the response body:
 *
 * - `"applied"` (200): `{ seats, invoice }`, the seats as they now are and
 *   the replacing first invoice while pending payment, else null;
 * - `"pending"` (202): `{ seats, pendingSeats, invoice }` on raising an
 *   active group: `seats` unchanged, `pendingSeats` the total once `invoice`
 *   is paid.
 *
 * An invoice this change would void while a payment of it may be running
 * (a live charge claim) is not voided under the payment's feet: the change
 * is refused with `open-invoice-exists` naming it; retry once it settles.
 */
import { DateTime, Effect, Schema } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { OpenInvoiceExists } from "../errors/DomainErrors.js"
import type { Invoice } from "../model/Billing.js"
import { Store } from "../ports/Store.js"
import { decideSeatChange } from "../rules/SeatChange.js"
import { Seats } from "../values/Seats.js"
import { decodeInput } from "../values/Validation.js"
import {
  invoiceIssued,
  invoiceVoided,
  isUnclaimed,
  issueInvoice,
  pricingOf,
  type VoidReason,
  voidExpired,
  voidInvoice
} from "./support/Invoicing.js"
import { loadGroup } from "./support/LoadGroup.js"
import { actorOf, type AdminPrincipal } from "./support/Principal.js"
import { type Change, record } from "./support/Record.js"
import { type InvoiceView, toInvoiceView } from "./support/Views.js"

export const ChangeSeatsInput = Schema.Struct({ seats: Seats })
export type ChangeSeatsInput = typeof ChangeSeatsInput.Type

export type ChangeSeatsResult =
  | {
    readonly outcome: "applied"
    readonly body: { readonly seats: number; readonly invoice: InvoiceView | null }
  }
  | {
    readonly outcome: "pending"
    readonly body: { readonly seats: number; readonly pendingSeats: number; readonly invoice: InvoiceView }
  }

const decode = decodeInput(ChangeSeatsInput)

export const changeSeats = Effect.fn("changeSeats")(function*(principal: AdminPrincipal, input: unknown) {
  const { seats: requested } = yield* decode(input)
  const config = yield* DomainConfig
  const pricing = pricingOf(config)
  const actor = actorOf(principal)
  return yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    const now = yield* DateTime.now
    const group = yield* loadGroup(tx, principal.groupId, { lock: true })
    const open = yield* tx.invoices.listOpen(group.id)
    const decision = yield* decideSeatChange({ group, requested, openInvoices: open, now, pricing })
    if (decision._tag === "Unchanged") {
      const result: ChangeSeatsResult = { outcome: "applied", body: { seats: group.seats, invoice: null } }
      return result
    }

    const changes: Array<Change> = []
    const voidAll = Effect.fnUntraced(function*(invoices: ReadonlyArray<Invoice>, reason: VoidReason) {
      for (const invoice of invoices) {
        if (!(yield* isUnclaimed(tx, invoice, now, config))) {
          return yield* new OpenInvoiceExists({ invoiceId: invoice.id })
        }
      }
      for (const invoice of invoices) {
        yield* voidInvoice(tx, invoice)
        changes.push(invoiceVoided(invoice, actor, reason))
      }
    })
    const seatsChanged = (payload: Record<string, unknown>): Change => ({
      type: "SeatsChanged",
      groupId: group.id,
      actor,
      target: { kind: "group", id: group.id },
      payload: { from: group.seats, ...payload }
    })

    let result: ChangeSeatsResult
    let main: Change
    switch (decision._tag) {
      case "FirstReplaced": {
        yield* voidAll(decision.voided, "replaced")
        yield* tx.groups.update({ ...group, seats: decision.seats })
        const first = yield* issueInvoice(tx, group.id, decision.first, now)
        changes.push(invoiceIssued(first, actor))
        main = seatsChanged({ to: decision.seats, effective: true, invoiceId: first.id })
        result = { outcome: "applied", body: { seats: decision.seats, invoice: toInvoiceView(first, now) } }
        break
      }
      case "Applied": {
        yield* voidAll(decision.voided, decision.seats < group.seats ? "seats-lowered" : "superseded")
        yield* tx.groups.update({ ...group, seats: decision.seats })
        const renewal = decision.renewal
        // An open renewal being paid right now keeps its seats (it cannot be voided under the payment).
        if (renewal !== null && (yield* isUnclaimed(tx, renewal.replaced, now, config))) {
          yield* voidInvoice(tx, renewal.replaced)
          const reissued = yield* issueInvoice(tx, group.id, renewal.terms, now)
          changes.push(invoiceVoided(renewal.replaced, actor, "repriced"), invoiceIssued(reissued, actor))
        }
        main = seatsChanged({ to: decision.seats, effective: true })
        result = { outcome: "applied", body: { seats: decision.seats, invoice: null } }
        break
      }
      case "RaisePending": {
        yield* voidAll(decision.voided, "superseded")
        const invoice = yield* issueInvoice(tx, group.id, decision.invoice, now)
        changes.push(invoiceIssued(invoice, actor))
        main = seatsChanged({
          to: decision.seats,
          pendingSeats: decision.pendingSeats,
          effective: false,
          invoiceId: invoice.id
        })
        result = {
          outcome: "pending",
          body: { seats: decision.seats, pendingSeats: decision.pendingSeats, invoice: toInvoiceView(invoice, now) }
        }
        break
      }
    }
    const touched = [
      ...(decision._tag === "Applied" && decision.renewal !== null ? [decision.renewal.replaced] : []),
      ...decision.voided
    ]
    changes.push(...yield* voidExpired(tx, open, now, config, actor, touched))
    yield* record(tx, main, ...changes)
    return result
  }))
})

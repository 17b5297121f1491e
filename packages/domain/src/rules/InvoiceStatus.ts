/**
 * R43, R44 and API.md §5 *Periods*: an invoice is open, paid or void. An open
 * first, renewal or seats invoice still unpaid when its period has ended
 * *reads* as void: derived from the clock, so nothing has to run at the end
 * of a period. Phone top-ups have no period and never expire. Pure.
 */
import { DateTime } from "effect"
import type { Invoice, InvoiceStatus } from "../model/Billing.js"
import { hasEnded } from "./Periods.js"

/** Whether an invoice stored as open reads as void at `now` (its period has ended). */
export const isExpired = (invoice: Pick<Invoice, "status" | "periodEnd">, now: DateTime.Utc): boolean =>
  invoice.status === "open" && invoice.periodEnd !== null && hasEnded(invoice.periodEnd, now)

/** The status as it reads at `now`. */
export const invoiceStatus = (invoice: Pick<Invoice, "status" | "periodEnd">, now: DateTime.Utc): InvoiceStatus =>
  isExpired(invoice, now) ? "void" : invoice.status

/** Whether the invoice can be paid at `now`: stored open and not expired. */
export const isOpen = (invoice: Pick<Invoice, "status" | "periodEnd">, now: DateTime.Utc): boolean =>
  invoiceStatus(invoice, now) === "open"

const newest = (invoices: ReadonlyArray<Invoice>): Invoice | null => {
  let found: Invoice | null = null
  for (const invoice of invoices) {
    if (found === null || DateTime.isGreaterThan(invoice.issuedAt, found.issuedAt)) found = invoice
  }
  return found
}

/**
 * R44: the open first or renewal invoice (the newest, should there be more),
 * or null. A renewal is refused while it exists (`open-invoice-exists`).
 */
export const openPeriodInvoice = (invoices: ReadonlyArray<Invoice>, now: DateTime.Utc): Invoice | null =>
  newest(invoices.filter((i) => (i.kind === "first" || i.kind === "renewal") && isOpen(i, now)))

/** The open first invoice of a group never paid, or null. */
export const openFirstInvoice = (invoices: ReadonlyArray<Invoice>, now: DateTime.Utc): Invoice | null =>
  newest(invoices.filter((i) => i.kind === "first" && isOpen(i, now)))

/** The open renewal invoice, or null. */
export const openRenewalInvoice = (invoices: ReadonlyArray<Invoice>, now: DateTime.Utc): Invoice | null =>
  newest(invoices.filter((i) => i.kind === "renewal" && isOpen(i, now)))

/** R43: the open seats invoice of a raise waiting for payment (the newest, should there be more), or null. */
export const openSeatsInvoice = (invoices: ReadonlyArray<Invoice>, now: DateTime.Utc): Invoice | null =>
  newest(invoices.filter((i) => i.kind === "seats" && isOpen(i, now)))

/** Invoices stored as open that read as void at `now`, to be stored as void when next touched. */
export const expiredInvoices = (invoices: ReadonlyArray<Invoice>, now: DateTime.Utc): ReadonlyArray<Invoice> =>
  invoices.filter((i) => isExpired(i, now))

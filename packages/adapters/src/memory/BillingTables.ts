/**
 * The billing tables of a memory transaction: invoices, charge claims,
 * payments, idempotency records and phone calls. Invoices and payments get a
 * store-assigned `position` on insert, for the newest-first lists.
 */
import { DateTime, HashMap, Option } from "effect"
import type { GroupId, Invoice, Money, Positioned, Tx } from "@corporate-groups/domain"
import { violated } from "./ConstraintViolation.js"
import { newestFirst } from "./NewestFirst.js"
import { idempotencyKey, type StoreState } from "./StoreState.js"
import { read, type Working, write } from "./Working.js"

const sameTime = (a: DateTime.Utc | null, b: DateTime.Utc | null): boolean =>
  a === null || b === null ? a === b : DateTime.toEpochMillis(a) === DateTime.toEpochMillis(b)

const sameMoney = (a: Money, b: Money): boolean => a.amount === b.amount && a.currency === b.currency

/**
 * R44 as the port states it: only status and paidAt ever change, and a paid
 * or void invoice never changes again. A database would hold this with a
 * trigger; here it is the same last line of defence.
 */
const checkInvoiceUpdate = (before: Invoice, after: Invoice): void => {
  const fixed = before.groupId === after.groupId && before.kind === after.kind && sameMoney(before.amount, after.amount) &&
    before.seats === after.seats && sameTime(before.periodStart, after.periodStart) &&
    sameTime(before.periodEnd, after.periodEnd) && sameTime(before.issuedAt, after.issuedAt)
  if (!fixed) violated("invoices_immutable", `invoice ${after.id}: only status and paidAt may change (R44)`)
  if (before.status !== "open" && (after.status !== before.status || !sameTime(before.paidAt, after.paidAt))) {
    violated("invoices_status_final", `invoice ${after.id} is ${before.status}; it never changes again (R44)`)
  }
}

const appendId = <Id>(index: HashMap.HashMap<GroupId, ReadonlyArray<Id>>, groupId: GroupId, id: Id) =>
  HashMap.set(index, groupId, [...Option.getOrElse(HashMap.get(index, groupId), () => []), id])

const listOf = <Id, A>(
  index: HashMap.HashMap<GroupId, ReadonlyArray<Id>>,
  rows: HashMap.HashMap<Id, Positioned<A>>,
  groupId: GroupId
): ReadonlyArray<Positioned<A>> =>
  Option.getOrElse(HashMap.get(index, groupId), () => []).map((id) => HashMap.getUnsafe(rows, id))

export const invoicesTable = (w: Working): Tx["invoices"] => ({
  get: (id) => read(w, (s) => Option.map(HashMap.get(s.invoices, id), (row) => row.item)),
  insert: (invoice) =>
    write(w, (s): StoreState => {
      if (HashMap.has(s.invoices, invoice.id)) violated("invoices_pkey", `invoice ${invoice.id} exists`)
      if (!HashMap.has(s.groups, invoice.groupId)) violated("invoices_group_id_fkey", "no such group")
      return {
        ...s,
        invoices: HashMap.set(s.invoices, invoice.id, { position: s.nextPosition, item: invoice }),
        invoicesByGroup: appendId(s.invoicesByGroup, invoice.groupId, invoice.id),
        nextPosition: s.nextPosition + 1
      }
    }),
  update: (invoice) =>
    write(w, (s) => {
      const before = Option.getOrElse(HashMap.get(s.invoices, invoice.id), () =>
        violated("invoices_pkey", `update of missing invoice ${invoice.id}`))
      checkInvoiceUpdate(before.item, invoice)
      return { ...s, invoices: HashMap.set(s.invoices, invoice.id, { position: before.position, item: invoice }) }
    }),
  listOpen: (groupId) =>
    read(w, (s) => listOf(s.invoicesByGroup, s.invoices, groupId).map((row) => row.item).filter((i) => i.status === "open")),
  list: (groupId, page) => read(w, (s) => newestFirst(listOf(s.invoicesByGroup, s.invoices, groupId), page))
})

export const chargeClaimsTable = (w: Working): Tx["chargeClaims"] => ({
  get: (invoiceId) => read(w, (s) => HashMap.get(s.chargeClaims, invoiceId)),
  put: (claim) =>
    write(w, (s) => {
      if (!HashMap.has(s.invoices, claim.invoiceId)) violated("charge_claims_invoice_id_fkey", "no such invoice")
      return { ...s, chargeClaims: HashMap.set(s.chargeClaims, claim.invoiceId, claim) }
    }),
  delete: (invoiceId) => write(w, (s) => ({ ...s, chargeClaims: HashMap.remove(s.chargeClaims, invoiceId) }))
})

export const paymentsTable = (w: Working): Tx["payments"] => ({
  get: (id) => read(w, (s) => Option.map(HashMap.get(s.payments, id), (row) => row.item)),
  insert: (payment) =>
    write(w, (s): StoreState => {
      if (HashMap.has(s.payments, payment.id)) violated("payments_pkey", `payment ${payment.id} exists`)
      if (!HashMap.has(s.invoices, payment.invoiceId)) violated("payments_invoice_id_fkey", "no such invoice")
      return {
        ...s,
        payments: HashMap.set(s.payments, payment.id, { position: s.nextPosition, item: payment }),
        paymentsByGroup: appendId(s.paymentsByGroup, payment.groupId, payment.id),
        nextPosition: s.nextPosition + 1
      }
    }),
  list: (groupId, page) => read(w, (s) => newestFirst(listOf(s.paymentsByGroup, s.payments, groupId), page))
})

export const idempotencyTable = (w: Working): Tx["idempotency"] => ({
  get: (accountId, key) => read(w, (s) => HashMap.get(s.idempotency, idempotencyKey(accountId, key))),
  // An upsert on the (account, key) primary key, so the pair can never be duplicated.
  put: (record) =>
    write(w, (s) => ({ ...s, idempotency: HashMap.set(s.idempotency, idempotencyKey(record.accountId, record.key), record) })),
  delete: (accountId, key) =>
    write(w, (s) => ({ ...s, idempotency: HashMap.remove(s.idempotency, idempotencyKey(accountId, key)) }))
})

export const phoneCallsTable = (w: Working): Tx["phoneCalls"] => ({
  insert: (call) =>
    write(w, (s) => {
      if (HashMap.has(s.phoneCalls, call.id)) violated("phone_calls_pkey", `phone call ${call.id} exists`)
      if (!HashMap.has(s.groups, call.groupId)) violated("phone_calls_group_id_fkey", "no such group")
      return { ...s, phoneCalls: HashMap.set(s.phoneCalls, call.id, call) }
    })
})

/**
 * Invoices, charge claims, payments, idempotency records and phone calls
 * (R42–R45). Invoices and payments get their `position` from an identity
 * column on insert, for the newest-first lists. A charge claim takes its
 * `group_id` from its invoice in the same statement, so the row is
 * group-owned like every other and a claim of a missing invoice writes
 * nothing (a defect, as the foreign key would say). Idempotency keys are
 * stored as their SHA-256 only; a record read back carries the key its
 * reader asked with.
 */
import { Effect, Option } from "effect"
import type { ChargeClaim, IdempotencyRecord, Tx } from "@corporate-groups/domain"
import { sha256, toTimestamp } from "./Codec.js"
import { COLUMNS } from "./Database.js"
import {
  chargeClaimOf,
  idempotencyOf,
  idempotencyRow,
  invoiceOf,
  invoiceRow,
  paymentOf,
  paymentRow,
  phoneCallRow,
  positioned
} from "./Rows.js"
import type { TxContext } from "./TxContext.js"

export const invoicesTable = (cx: TxContext): Tx["invoices"] => ({
  get: (id, options) =>
    cx.first(
      "invoices.get",
      cx.db.selectFrom("invoices").select(COLUMNS.invoices).where("id", "=", id).$if(options?.lock === true, (q) => q.forUpdate()),
      options?.lock === true
    ).pipe(Effect.map(Option.map(invoiceOf))),
  insert: (invoice) => cx.write("invoices.insert", "invoices", cx.db.insertInto("invoices").values(invoiceRow(invoice))),
  // The trigger `invoices_immutable` refuses anything but status and paid_at (R44).
  update: (invoice) => {
    const { id: _id, ...row } = invoiceRow(invoice)
    return cx.write("invoices.update", "invoices", cx.db.updateTable("invoices").set(row).where("id", "=", invoice.id), {
      exactlyOne: { constraint: "invoices_pkey", detail: `update of missing invoice ${invoice.id}` }
    })
  },
  listOpen: (groupId) =>
    cx.rows(
      "invoices.listOpen",
      cx.db.selectFrom("invoices").select(COLUMNS.invoices).where("group_id", "=", groupId).where("status", "=", "open")
        .orderBy("position"),
      false
    ).pipe(Effect.map((rows) => rows.map(invoiceOf))),
  list: (groupId, page) =>
    page.limit <= 0 ? Effect.succeed([]) : cx.rows(
      "invoices.list",
      cx.db.selectFrom("invoices").select(COLUMNS.invoices).where("group_id", "=", groupId)
        .$if(page.before !== null, (q) => q.where("position", "<", page.before!))
        .orderBy("position", "desc").limit(page.limit),
      false
    ).pipe(Effect.map((rows) => rows.map((row) => positioned(row.position, invoiceOf(row)))))
})

export const chargeClaimsTable = (cx: TxContext): Tx["chargeClaims"] => ({
  get: (invoiceId) =>
    cx.first(
      "chargeClaims.get",
      cx.db.selectFrom("charge_claims").select(COLUMNS.charge_claims).where("invoice_id", "=", invoiceId),
      false
    ).pipe(Effect.map(Option.map(chargeClaimOf))),
  put: (claim: ChargeClaim) =>
    cx.write(
      "chargeClaims.put",
      "charge_claims",
      cx.db
          .insertInto("charge_claims")
          .columns(["invoice_id", "group_id", "charge_key", "payment_method", "claimed_at"])
          .expression((eb) =>
            eb.selectFrom("invoices").where("id", "=", claim.invoiceId).select((e) => [
              e.ref("id").as("invoice_id"),
              e.ref("group_id").as("group_id"),
              e.cast<string>(e.val(claim.chargeKey), "text").as("charge_key"),
              e.cast<string>(e.val(claim.paymentMethod), "text").as("payment_method"),
              e.cast<string>(e.val(toTimestamp(claim.claimedAt)), "timestamptz").as("claimed_at")
            ])
          )
          .onConflict((oc) =>
            oc.column("invoice_id").doUpdateSet((eb) => ({
              charge_key: eb.ref("excluded.charge_key"),
              payment_method: eb.ref("excluded.payment_method"),
              claimed_at: eb.ref("excluded.claimed_at")
            }))
          ),
      {
        exactlyOne: { constraint: "charge_claims_invoice_id_fkey", detail: `no invoice ${claim.invoiceId}` },
        // It reads its invoice: one inserted by this transaction must be sent before, in a
        // statement of its own (the CTEs of one statement all read the same snapshot).
        separate: true
      }
    ),
  delete: (invoiceId) =>
    cx.write("chargeClaims.delete", "charge_claims", cx.db.deleteFrom("charge_claims").where("invoice_id", "=", invoiceId))
})

export const paymentsTable = (cx: TxContext): Tx["payments"] => ({
  get: (id) =>
    cx.first("payments.get", cx.db.selectFrom("payments").select(COLUMNS.payments).where("id", "=", id), false).pipe(
      Effect.map(Option.map(paymentOf))
    ),
  insert: (payment) => cx.write("payments.insert", "payments", cx.db.insertInto("payments").values(paymentRow(payment))),
  list: (groupId, page) =>
    page.limit <= 0 ? Effect.succeed([]) : cx.rows(
      "payments.list",
      cx.db.selectFrom("payments").select(COLUMNS.payments).where("group_id", "=", groupId)
        .$if(page.before !== null, (q) => q.where("position", "<", page.before!))
        .orderBy("position", "desc").limit(page.limit),
      false
    ).pipe(Effect.map((rows) => rows.map((row) => positioned(row.position, paymentOf(row)))))
})

export const idempotencyTable = (cx: TxContext): Tx["idempotency"] => ({
  get: (accountId, key, options) =>
    cx.first(
      "idempotency.get",
      cx.db.selectFrom("idempotency").select(COLUMNS.idempotency).where("account_id", "=", accountId)
        .where("key_hash", "=", sha256(key)).$if(options?.lock === true, (q) => q.forUpdate()),
      options?.lock === true
    ).pipe(Effect.map(Option.map((r) => idempotencyOf(r, key)))),
  // An upsert on the (account, key) primary key, so the pair is one record.
  put: (record: IdempotencyRecord) => {
    const row = idempotencyRow(record, sha256(record.key))
    return cx.write(
      "idempotency.put",
      "idempotency",
      cx.db.insertInto("idempotency").values(row).onConflict((oc) =>
        oc.columns(["account_id", "key_hash"]).doUpdateSet({
          fingerprint: row.fingerprint,
          outcome_status: row.outcome_status ?? null,
          outcome_payment_id: row.outcome_payment_id ?? null,
          outcome_invoice_id: row.outcome_invoice_id ?? null,
          created_at: row.created_at,
          expires_at: row.expires_at
        })
      )
    )
  },
  delete: (accountId, key) =>
    cx.write(
      "idempotency.delete",
      "idempotency",
      cx.db.deleteFrom("idempotency").where("account_id", "=", accountId).where("key_hash", "=", sha256(key))
    )
})

export const phoneCallsTable = (cx: TxContext): Tx["phoneCalls"] => ({
  insert: (call) => cx.write("phoneCalls.insert", "phone_calls", cx.db.insertInto("phone_calls").values(phoneCallRow(call)))
})

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
import { requireOneRow, statement } from "./Statement.js"
import type { TxContext } from "./TxContext.js"

export const invoicesTable = (cx: TxContext): Tx["invoices"] => ({
  get: (id, options) =>
    statement("invoices.get", () =>
      cx.trx.selectFrom("invoices").selectAll().where("id", "=", id).$if(options?.lock === true, (q) => q.forUpdate())
        .executeTakeFirst()).pipe(Effect.map((row) => Option.map(Option.fromNullishOr(row), invoiceOf))),
  insert: (invoice) =>
    Effect.asVoid(statement("invoices.insert", () => cx.trx.insertInto("invoices").values(invoiceRow(invoice)).execute())),
  // The trigger `invoices_immutable` refuses anything but status and paid_at (R44).
  update: (invoice) =>
    Effect.gen(function*() {
      const { id: _id, ...row } = invoiceRow(invoice)
      const updated = yield* statement("invoices.update", () =>
        cx.trx.updateTable("invoices").set(row).where("id", "=", invoice.id).executeTakeFirst())
      yield* requireOneRow(updated.numUpdatedRows, "invoices_pkey", `update of missing invoice ${invoice.id}`)
    }),
  listOpen: (groupId) =>
    statement("invoices.listOpen", () =>
      cx.trx.selectFrom("invoices").selectAll().where("group_id", "=", groupId).where("status", "=", "open")
        .orderBy("position").execute()).pipe(Effect.map((rows) => rows.map(invoiceOf))),
  list: (groupId, page) =>
    page.limit <= 0 ? Effect.succeed([]) : statement("invoices.list", () =>
      cx.trx.selectFrom("invoices").selectAll().where("group_id", "=", groupId)
        .$if(page.before !== null, (q) => q.where("position", "<", page.before!))
        .orderBy("position", "desc").limit(page.limit).execute()).pipe(
        Effect.map((rows) => rows.map((row) => positioned(row.position, invoiceOf(row))))
      )
})

export const chargeClaimsTable = (cx: TxContext): Tx["chargeClaims"] => ({
  get: (invoiceId) =>
    statement("chargeClaims.get", () =>
      cx.trx.selectFrom("charge_claims").selectAll().where("invoice_id", "=", invoiceId).executeTakeFirst()).pipe(
        Effect.map((row) => Option.map(Option.fromNullishOr(row), chargeClaimOf))
      ),
  put: (claim: ChargeClaim) =>
    Effect.gen(function*() {
      const written = yield* statement("chargeClaims.put", () =>
        cx.trx
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
          )
          .executeTakeFirst())
      yield* requireOneRow(written.numInsertedOrUpdatedRows, "charge_claims_invoice_id_fkey", `no invoice ${claim.invoiceId}`)
    }),
  delete: (invoiceId) =>
    Effect.asVoid(statement("chargeClaims.delete", () =>
      cx.trx.deleteFrom("charge_claims").where("invoice_id", "=", invoiceId).execute()))
})

export const paymentsTable = (cx: TxContext): Tx["payments"] => ({
  get: (id) =>
    statement("payments.get", () => cx.trx.selectFrom("payments").selectAll().where("id", "=", id).executeTakeFirst()).pipe(
      Effect.map((row) => Option.map(Option.fromNullishOr(row), paymentOf))
    ),
  insert: (payment) =>
    Effect.asVoid(statement("payments.insert", () => cx.trx.insertInto("payments").values(paymentRow(payment)).execute())),
  list: (groupId, page) =>
    page.limit <= 0 ? Effect.succeed([]) : statement("payments.list", () =>
      cx.trx.selectFrom("payments").selectAll().where("group_id", "=", groupId)
        .$if(page.before !== null, (q) => q.where("position", "<", page.before!))
        .orderBy("position", "desc").limit(page.limit).execute()).pipe(
        Effect.map((rows) => rows.map((row) => positioned(row.position, paymentOf(row))))
      )
})

export const idempotencyTable = (cx: TxContext): Tx["idempotency"] => ({
  get: (accountId, key, options) =>
    statement("idempotency.get", () =>
      cx.trx.selectFrom("idempotency").selectAll().where("account_id", "=", accountId).where("key_hash", "=", sha256(key))
        .$if(options?.lock === true, (q) => q.forUpdate()).executeTakeFirst()).pipe(
        Effect.map((row) => Option.map(Option.fromNullishOr(row), (r) => idempotencyOf(r, key)))
      ),
  // An upsert on the (account, key) primary key, so the pair is one record.
  put: (record: IdempotencyRecord) => {
    const row = idempotencyRow(record, sha256(record.key))
    return Effect.asVoid(statement("idempotency.put", () =>
      cx.trx.insertInto("idempotency").values(row).onConflict((oc) =>
        oc.columns(["account_id", "key_hash"]).doUpdateSet({
          fingerprint: row.fingerprint,
          outcome_status: row.outcome_status ?? null,
          outcome_payment_id: row.outcome_payment_id ?? null,
          outcome_invoice_id: row.outcome_invoice_id ?? null,
          created_at: row.created_at,
          expires_at: row.expires_at
        })
      ).execute()))
  },
  delete: (accountId, key) =>
    Effect.asVoid(statement("idempotency.delete", () =>
      cx.trx.deleteFrom("idempotency").where("account_id", "=", accountId).where("key_hash", "=", sha256(key)).execute()))
})

export const phoneCallsTable = (cx: TxContext): Tx["phoneCalls"] => ({
  insert: (call) =>
    Effect.asVoid(statement("phoneCalls.insert", () => cx.trx.insertInto("phone_calls").values(phoneCallRow(call)).execute()))
})

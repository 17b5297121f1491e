/**
 * Test access to a Postgres store: everything it has committed, in the shape
 * of `MemoryStoreInspector.snapshot`, so the contract suite checks SPEC's
 * invariants on the same value whatever the adapter. It reads with SQL in
 * one read-only REPEATABLE READ transaction, so the tables agree with each
 * other even while other transactions commit.
 *
 * One difference is inherent: idempotency keys are stored only as their
 * SHA-256, so a record's `key` here is `idempotencyKeyHash(key)`.
 */
import { Context, Effect, Layer } from "effect"
import type { MemoryStoreSnapshot } from "../memory/MemoryStoreInspector.js"
import { sha256 } from "./Codec.js"
import { PostgresDatabase } from "./PostgresDatabase.js"
import {
  adminOf,
  auditEntryOf,
  chargeClaimOf,
  eventOf,
  groupOf,
  idempotencyOf,
  invoiceOf,
  membershipOf,
  paymentOf,
  phoneCallOf,
  positioned,
  sessionOf,
  userOf
} from "./Rows.js"
import { statement } from "./Statement.js"

export type PostgresSnapshot = MemoryStoreSnapshot

/** What the inspector shows as an idempotency record's `key`. */
export const idempotencyKeyHash = (key: string): string => sha256(key)

export class PostgresInspector extends Context.Service<PostgresInspector, {
  /** The committed state; never a transaction's uncommitted writes. */
  readonly snapshot: Effect.Effect<PostgresSnapshot>
}>()("@corporate-groups/adapters/postgres/PostgresInspector") {
  /** The inspector of the `PostgresDatabase` in context. */
  static readonly layer: Layer.Layer<PostgresInspector, never, PostgresDatabase> = Layer.effect(
    PostgresInspector,
    Effect.suspend(() => makePostgresInspector)
  )
}

export const makePostgresInspector = Effect.gen(function*() {
  const { db, gate } = yield* PostgresDatabase
  const read = async (): Promise<PostgresSnapshot> => {
    const trx = await db.startTransaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute()
    try {
      const snapshot: PostgresSnapshot = {
        users: (await trx.selectFrom("users").selectAll().orderBy("id").execute()).map(userOf),
        admins: (await trx.selectFrom("admins").selectAll().orderBy("id").execute()).map(adminOf),
        groups: (await trx.selectFrom("groups").selectAll().orderBy("id").execute()).map(groupOf),
        memberships: (await trx.selectFrom("memberships").selectAll().orderBy("user_id").execute()).map(membershipOf),
        invoices: (await trx.selectFrom("invoices").selectAll().orderBy("position").execute())
          .map((row) => positioned(row.position, invoiceOf(row))),
        chargeClaims: (await trx.selectFrom("charge_claims").selectAll().orderBy("invoice_id").execute()).map(chargeClaimOf),
        payments: (await trx.selectFrom("payments").selectAll().orderBy("position").execute())
          .map((row) => positioned(row.position, paymentOf(row))),
        idempotency: (await trx.selectFrom("idempotency").selectAll().orderBy("account_id").orderBy("key_hash").execute())
          .map((row) => idempotencyOf(row, row.key_hash)),
        sessions: (await trx.selectFrom("sessions").selectAll().orderBy("id").execute()).map(sessionOf),
        phoneCalls: (await trx.selectFrom("phone_calls").selectAll().orderBy("id").execute()).map(phoneCallOf),
        outbox: (await trx.selectFrom("outbox").selectAll().orderBy("id").execute()).map(eventOf),
        audit: (await trx.selectFrom("audit").selectAll().orderBy("position").execute())
          .map((row) => positioned(row.position, auditEntryOf(row)))
      }
      await trx.commit().execute()
      return snapshot
    } catch (error) {
      await trx.rollback().execute().catch(() => undefined)
      throw error
    }
  }
  return PostgresInspector.of({ snapshot: gate(statement("inspector.snapshot", read)) })
})

/**
 * Users, admins and the email index they share (R2). An account's email row
 * is written in the same statement as the account (a data-modifying CTE), so
 * an address is taken, or refused by `accounts_email_key`, with the account
 * itself. A user's rename also moves the sort keys copied into its
 * membership (R16), in a statement of its own: it runs after the user row is
 * locked, so it sees a membership committed while it waited for that lock.
 */
import { Effect, Option } from "effect"
import type { Account, Email, GroupAdmin, GroupAdminId, TrueconfId, Tx, User, UserId } from "@corporate-groups/domain"
import { memberKey } from "@corporate-groups/domain"
import { sql } from "kysely"
import { foldKey } from "./Codec.js"
import { adminOf, adminRow, userOf, userRow } from "./Rows.js"
import { requireOneRow, statement } from "./Statement.js"
import type { TxContext } from "./TxContext.js"

const getUser = (cx: TxContext, id: UserId, lock: boolean) =>
  statement("users.get", () =>
    cx.trx.selectFrom("users").selectAll().where("id", "=", id).$if(lock, (q) => q.forUpdate()).executeTakeFirst()).pipe(
      Effect.map((row) => {
        if (row === undefined) return Option.none<User>()
        const user = userOf(row)
        if (lock) cx.lockedUsers.set(user.id, user)
        return Option.some(user)
      })
    )

const getAdmin = (cx: TxContext, id: GroupAdminId, lock: boolean) =>
  statement("admins.get", () =>
    cx.trx.selectFrom("admins").selectAll().where("id", "=", id).$if(lock, (q) => q.forUpdate()).executeTakeFirst()).pipe(
      Effect.map((row) => Option.map(Option.fromNullishOr(row), adminOf))
    )

export const accountsTable = (cx: TxContext): Tx["accounts"] => ({
  findByEmail: (email: Email) =>
    statement("accounts.findByEmail", () =>
      cx.trx.selectFrom("account_emails").select(["account_id", "kind"]).where("email", "=", foldKey(email))
        .executeTakeFirst()).pipe(
        Effect.flatMap((owner): Effect.Effect<Option.Option<Account>> => {
          if (owner === undefined) return Effect.succeed(Option.none())
          return owner.kind === "user"
            ? getUser(cx, owner.account_id as UserId, false)
            : getAdmin(cx, owner.account_id as GroupAdminId, false)
        })
      )
})

export const usersTable = (cx: TxContext): Tx["users"] => ({
  get: (id, options) => getUser(cx, id, options?.lock === true),
  findByTrueconfId: (trueconfId: TrueconfId) =>
    statement("users.findByTrueconfId", () =>
      cx.trx.selectFrom("users").selectAll().where(sql<string>`lower(trueconf_id)`, "=", sql<string>`lower(${trueconfId})`)
        .executeTakeFirst()).pipe(Effect.map((row) => Option.map(Option.fromNullishOr(row), userOf))),
  insert: (user: User) =>
    statement("users.insert", () =>
      cx.trx
        .with("email", (db) =>
          db.insertInto("account_emails").values({ email: foldKey(user.email), account_id: user.id, kind: "user" }))
        .insertInto("users").values(userRow(user)).execute()).pipe(
        Effect.map(() => {
          cx.lockedUsers.set(user.id, user)
        })
      ),
  update: (user: User) =>
    Effect.gen(function*() {
      const { id: _id, ...row } = userRow(user)
      const updated = yield* statement("users.update", () =>
        cx.trx.updateTable("users").set(row).where("id", "=", user.id).executeTakeFirst())
      yield* requireOneRow(updated.numUpdatedRows, "users_pkey", `update of missing user ${user.id}`)
      cx.lockedUsers.set(user.id, user)
      const key = memberKey(user)
      yield* statement("users.update: email and sort keys", () =>
        cx.trx
          .with("email", (db) =>
            db.updateTable("account_emails").set({ email: foldKey(user.email) })
              .where("account_id", "=", user.id).where("email", "<>", foldKey(user.email)))
          .updateTable("memberships").set({ sort_last: key.lastName, sort_first: key.firstName })
          .where("user_id", "=", user.id).execute())
    })
})

export const adminsTable = (cx: TxContext): Tx["admins"] => ({
  get: (id, options) => getAdmin(cx, id, options?.lock === true),
  insert: (admin: GroupAdmin) =>
    statement("admins.insert", () =>
      cx.trx
        .with("email", (db) =>
          db.insertInto("account_emails").values({ email: foldKey(admin.email), account_id: admin.id, kind: "group-admin" }))
        .insertInto("admins").values(adminRow(admin)).execute()).pipe(Effect.asVoid),
  update: (admin: GroupAdmin) =>
    Effect.gen(function*() {
      const { id: _id, ...row } = adminRow(admin)
      const updated = yield* statement("admins.update", () =>
        cx.trx
          .with("email", (db) =>
            db.updateTable("account_emails").set({ email: foldKey(admin.email) })
              .where("account_id", "=", admin.id).where("email", "<>", foldKey(admin.email)))
          .updateTable("admins").set(row).where("id", "=", admin.id).executeTakeFirst())
      yield* requireOneRow(updated.numUpdatedRows, "admins_pkey", `update of missing admin ${admin.id}`)
    })
})

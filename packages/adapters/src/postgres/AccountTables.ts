/**
 * Users, admins and the email index they share (R2). An account's email row
 * is written with the account, in the same transaction (and, as TxContext
 * sends writes, the same statement), so an address is taken, or refused by
 * `accounts_email_key`, with the account itself. A user's rename also moves
 * the sort keys copied into its membership (R16): when the user row was not
 * locked beforehand, that move goes in a statement after the user's update,
 * so it sees a membership committed while the update waited for the lock.
 */
import { Effect, Option } from "effect"
import type { Account, Email, GroupAdmin, GroupAdminId, TrueconfId, Tx, User, UserId } from "@corporate-groups/domain"
import { memberKey } from "@corporate-groups/domain"
import { sql } from "kysely"
import { foldKey } from "./Codec.js"
import { COLUMNS } from "./Database.js"
import { adminOf, adminRow, userOf, userRow } from "./Rows.js"
import type { TxContext, WriteOptions } from "./TxContext.js"

const getUser = (cx: TxContext, id: UserId, lock: boolean) =>
  cx.rows(
    "users.get",
    cx.db.selectFrom("users").select(COLUMNS.users).where("id", "=", id).$if(lock, (q) => q.forUpdate()),
    lock
  ).pipe(
    Effect.map((rows) => {
      const row = rows[0]
      if (row === undefined) return Option.none<User>()
      const user = userOf(row)
      if (lock) cx.lockedUsers.set(user.id, user)
      return Option.some(user)
    })
  )

const getAdmin = (cx: TxContext, id: GroupAdminId, lock: boolean) =>
  cx.first(
    "admins.get",
    cx.db.selectFrom("admins").select(COLUMNS.admins).where("id", "=", id).$if(lock, (q) => q.forUpdate()),
    lock
  ).pipe(Effect.map(Option.map(adminOf)))

/** R2: an account's row in the email index both kinds share, written with the account. */
const claimEmail = (cx: TxContext, table: "users" | "admins", account: User | GroupAdmin) =>
  cx.write(
    `${table}.insert: email`,
    "account_emails",
    cx.db.insertInto("account_emails").values({ email: foldKey(account.email), account_id: account.id, kind: account.kind })
  )

/** R2: the email index follows an account's new address (a no-op when it did not change). */
const moveEmail = (cx: TxContext, table: "users" | "admins", account: User | GroupAdmin, options?: WriteOptions) =>
  cx.write(
    `${table}.update: email`,
    "account_emails",
    cx.db.updateTable("account_emails").set({ email: foldKey(account.email) })
      .where("account_id", "=", account.id).where("email", "<>", foldKey(account.email)),
    options
  )

export const accountsTable = (cx: TxContext): Tx["accounts"] => ({
  findByEmail: (email: Email) =>
    cx.rows(
      "accounts.findByEmail",
      cx.db.selectFrom("account_emails").select(["account_id", "kind"]).where("email", "=", foldKey(email)),
      false
    ).pipe(
      Effect.flatMap(([owner]): Effect.Effect<Option.Option<Account>> => {
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
    cx.first(
      "users.findByTrueconfId",
      cx.db.selectFrom("users").select(COLUMNS.users)
        .where(sql<string>`lower(trueconf_id)`, "=", sql<string>`lower(${trueconfId})`),
      false
    ).pipe(Effect.map(Option.map(userOf))),
  insert: (user: User) =>
    Effect.andThen(
      claimEmail(cx, "users", user),
      Effect.tap(cx.write("users.insert", "users", cx.db.insertInto("users").values(userRow(user))), () =>
        Effect.sync(() => cx.lockedUsers.set(user.id, user)))
    ),
  update: (user: User) =>
    Effect.gen(function*() {
      const wasLocked = cx.lockedUsers.has(user.id)
      const { id: _id, ...row } = userRow(user)
      yield* cx.write("users.update", "users", cx.db.updateTable("users").set(row).where("id", "=", user.id), {
        exactlyOne: { constraint: "users_pkey", detail: `update of missing user ${user.id}` }
      })
      cx.lockedUsers.set(user.id, user)
      const key = memberKey(user)
      yield* moveEmail(cx, "users", user, { separate: !wasLocked })
      yield* cx.write(
        "users.update: sort keys",
        "memberships",
        cx.db.updateTable("memberships").set({ sort_last: key.lastName, sort_first: key.firstName })
          .where("user_id", "=", user.id)
      )
    })
})

export const adminsTable = (cx: TxContext): Tx["admins"] => ({
  get: (id, options) => getAdmin(cx, id, options?.lock === true),
  insert: (admin: GroupAdmin) =>
    Effect.andThen(
      claimEmail(cx, "admins", admin),
      cx.write("admins.insert", "admins", cx.db.insertInto("admins").values(adminRow(admin)))
    ),
  update: (admin: GroupAdmin) => {
    const { id: _id, ...row } = adminRow(admin)
    return Effect.andThen(
      moveEmail(cx, "admins", admin),
      cx.write("admins.update", "admins", cx.db.updateTable("admins").set(row).where("id", "=", admin.id), {
        exactlyOne: { constraint: "admins_pkey", detail: `update of missing admin ${admin.id}` }
      })
    )
  }
})

/**
 * Groups and memberships. `lock: true` is `SELECT … FOR UPDATE`, so two
 * joins of one group queue on its row and the second reads the first's
 * member count (R11); the CHECK on the row and the membership's primary key
 * (R10) stand behind that as the last line.
 *
 * R16: a page is a keyset range scan of `memberships_page`, in the order of
 * the domain's `compareMemberKeys`: the sort keys are the domain's own
 * `memberKey`, compared bytewise (COLLATE "C"), and ids are uuids, whose
 * order is the order of their lower-case text.
 */
import { Effect, Option } from "effect"
import type { Member, MemberKey, PersonName, Tx, UserId } from "@corporate-groups/domain"
import { memberKey } from "@corporate-groups/domain"
import { fromTimestamp, toTimestamp } from "./Codec.js"
import { groupOf, groupRow, membershipOf, userOf } from "./Rows.js"
import { requireOneRow, statement, violated } from "./Statement.js"
import type { TxContext } from "./TxContext.js"

export const groupsTable = (cx: TxContext): Tx["groups"] => ({
  get: (id, options) =>
    statement("groups.get", () =>
      cx.trx.selectFrom("groups").selectAll().where("id", "=", id).$if(options?.lock === true, (q) => q.forUpdate())
        .executeTakeFirst()).pipe(Effect.map((row) => Option.map(Option.fromNullishOr(row), groupOf))),
  findByCodeHash: (lookupHash, options) =>
    statement("groups.findByCodeHash", () =>
      cx.trx.selectFrom("groups").selectAll().where("code_lookup_hash", "=", lookupHash)
        .$if(options?.lock === true, (q) => q.forUpdate()).executeTakeFirst()).pipe(
        Effect.map((row) => Option.map(Option.fromNullishOr(row), groupOf))
      ),
  insert: (group) =>
    Effect.asVoid(statement("groups.insert", () => cx.trx.insertInto("groups").values(groupRow(group)).execute())),
  update: (group) =>
    Effect.gen(function*() {
      const { id: _id, ...row } = groupRow(group)
      const updated = yield* statement("groups.update", () =>
        cx.trx.updateTable("groups").set(row).where("id", "=", group.id).executeTakeFirst())
      yield* requireOneRow(updated.numUpdatedRows, "groups_pkey", `update of missing group ${group.id}`)
    })
})

/** The member's sort keys as they will commit (see TxContext). */
const sortKeysOf = (cx: TxContext, userId: UserId) => {
  const locked = cx.lockedUsers.get(userId)
  if (locked !== undefined) return Effect.succeed(Option.some(memberKey(locked)))
  return statement("memberships.insert: user's names", () =>
    cx.trx.selectFrom("users").select(["id", "first_name", "last_name"]).where("id", "=", userId).forShare()
      .executeTakeFirst()).pipe(
      Effect.map((row) =>
        Option.map(Option.fromNullishOr(row), (r) => memberKey({ id: r.id as UserId, firstName: r.first_name as PersonName, lastName: r.last_name as PersonName }))
      )
    )
}

const page = (cx: TxContext, groupId: string, after: MemberKey | null, limit: number) =>
  statement("memberships.page", () =>
    cx.trx
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .selectAll("u")
      .select("m.joined_at")
      .where("m.group_id", "=", groupId)
      .$if(after !== null, (q) =>
        q.where(({ eb, refTuple, tuple }) =>
          eb(refTuple("m.sort_last", "m.sort_first", "m.user_id"), ">", tuple(after!.lastName, after!.firstName, after!.id))
        ))
      .orderBy("m.sort_last")
      .orderBy("m.sort_first")
      .orderBy("m.user_id")
      .limit(limit)
      .execute()).pipe(
      Effect.map((rows) => rows.map((row): Member => ({ user: userOf(row), joinedAt: fromTimestamp(row.joined_at) })))
    )

export const membershipsTable = (cx: TxContext): Tx["memberships"] => ({
  findByUser: (userId, options) =>
    statement("memberships.findByUser", () =>
      cx.trx.selectFrom("memberships").select(["user_id", "group_id", "joined_at"]).where("user_id", "=", userId)
        .$if(options?.lock === true, (q) => q.forUpdate()).executeTakeFirst()).pipe(
        Effect.map((row) => Option.map(Option.fromNullishOr(row), membershipOf))
      ),
  insert: (membership) =>
    Effect.gen(function*() {
      const key = yield* sortKeysOf(cx, membership.userId)
      // The foreign key would refuse it too; the names are needed before the insert.
      if (Option.isNone(key)) return yield* violated("memberships_user_id_fkey", `no user ${membership.userId}`)
      yield* statement("memberships.insert", () =>
        cx.trx.insertInto("memberships").values({
          user_id: membership.userId,
          group_id: membership.groupId,
          joined_at: toTimestamp(membership.joinedAt),
          sort_last: key.value.lastName,
          sort_first: key.value.firstName
        }).execute())
    }),
  // Deleting a missing row does nothing, as in the memory store.
  delete: (userId) =>
    Effect.asVoid(statement("memberships.delete", () => cx.trx.deleteFrom("memberships").where("user_id", "=", userId).execute())),
  page: (groupId, after, limit) => (limit <= 0 ? Effect.succeed([]) : page(cx, groupId, after, limit))
})

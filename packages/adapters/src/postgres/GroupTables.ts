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
import type { Group, Member, MemberKey, PersonName, Tx, UserId } from "@corporate-groups/domain"
import { memberKey } from "@corporate-groups/domain"
import { fromTimestamp, toTimestamp } from "./Codec.js"
import { COLUMNS } from "./Database.js"
import { groupOf, groupRow, membershipOf, userOf } from "./Rows.js"
import { violated } from "./Statement.js"
import { type Arguments, rowOf, template } from "./Template.js"
import type { TxContext } from "./TxContext.js"

const namesKey = (row: { user_id: string; first_name: string; last_name: string }): MemberKey =>
  memberKey({ id: row.user_id as UserId, firstName: row.first_name as PersonName, lastName: row.last_name as PersonName })

// The statements of a join, compiled once (Template.ts).
const groupByCodeHash = template((db, arg: Arguments<{ hash: string }>) =>
  db.selectFrom("groups").select(COLUMNS.groups).where("code_lookup_hash", "=", arg("hash")))
const groupByCodeHashLocked = template((db, arg: Arguments<{ hash: string }>) =>
  db.selectFrom("groups").select(COLUMNS.groups).where("code_lookup_hash", "=", arg("hash")).forUpdate())
const GROUP_VALUES = COLUMNS.groups.filter((column) => column !== "id")
const groupUpdate = template((db, arg: Arguments<ReturnType<typeof groupRow>>) =>
  db.updateTable("groups").set(rowOf(arg, GROUP_VALUES)).where("id", "=", arg("id")))

/** The group a read found; read `FOR UPDATE`, it is one this transaction holds (TxContext's `lockedGroups`). */
const groupFound = (cx: TxContext, lock: boolean, row: Option.Option<Parameters<typeof groupOf>[0]>): Option.Option<Group> => {
  const group = Option.map(row, groupOf)
  if (lock && Option.isSome(group)) cx.lockedGroups.add(group.value.id)
  return group
}

export const groupsTable = (cx: TxContext): Tx["groups"] => ({
  get: (id, options) => {
    const lock = options?.lock === true
    return cx.first(
      "groups.get",
      cx.db.selectFrom("groups").select(COLUMNS.groups).where("id", "=", id).$if(lock, (q) => q.forUpdate()),
      lock
    ).pipe(Effect.map((row) => groupFound(cx, lock, row)))
  },
  findByCodeHash: (lookupHash, options) => {
    const lock = options?.lock === true
    return cx.first("groups.findByCodeHash", (lock ? groupByCodeHashLocked : groupByCodeHash)(cx.db, { hash: lookupHash }), lock)
      .pipe(Effect.map((row) => groupFound(cx, lock, row)))
  },
  insert: (group) => cx.write("groups.insert", "groups", cx.db.insertInto("groups").values(groupRow(group))),
  // The row of a group this transaction locked is there; any other update must find its row.
  update: (group) =>
    cx.write(
      "groups.update",
      "groups",
      groupUpdate(cx.db, groupRow(group)),
      cx.lockedGroups.has(group.id)
        ? {}
        : { exactlyOne: { constraint: "groups_pkey", detail: `update of missing group ${group.id}` } }
    )
})

/**
 * The membership of a user, locked, in one statement with the user's names
 * under a share lock: a membership is about to be inserted or deleted, and
 * an insert copies the names into its sort keys (R16), which must be the
 * names as they will be when it commits. A rename locks the user row first,
 * so it waits for this transaction, then moves the sort keys of the
 * membership it finds.
 */
const membershipWithNames = template((db, arg: Arguments<{ userId: string }>) =>
  db
    // The user row is locked first, as a rename locks it before the membership.
    .selectFrom((eb) =>
      eb.selectFrom("users").select(["id", "first_name", "last_name"]).where("id", "=", arg("userId")).forShare().as("u")
    )
    .leftJoinLateral(
      (eb) =>
        eb.selectFrom("memberships").select(["group_id", "joined_at"]).whereRef("user_id", "=", "u.id").forUpdate().as("m"),
      (join) => join.onTrue()
    )
    .select(["u.id as user_id", "u.first_name", "u.last_name", "m.group_id", "m.joined_at"]))

const findLockedWithNames = (cx: TxContext, userId: UserId) =>
  cx.first("memberships.findByUser (locked, with the user's names)", membershipWithNames(cx.db, { userId }), true).pipe(
    Effect.map((found) =>
      Option.flatMap(found, (row) => {
        cx.memberKeys.set(row.user_id, namesKey(row))
        return row.group_id === null || row.joined_at === null
          ? Option.none()
          : Option.some(membershipOf({ user_id: row.user_id, group_id: row.group_id, joined_at: row.joined_at }))
      })
    )
  )

/** The member's sort keys as they will commit (see TxContext and `findLockedWithNames`). */
const sortKeysOf = (cx: TxContext, userId: UserId): Effect.Effect<Option.Option<MemberKey>> => {
  const locked = cx.lockedUsers.get(userId)
  if (locked !== undefined) return Effect.succeed(Option.some(memberKey(locked)))
  const known = cx.memberKeys.get(userId)
  if (known !== undefined) return Effect.succeed(Option.some(known))
  return cx.first(
    "memberships.insert: user's names",
    cx.db.selectFrom("users").select(["id as user_id", "first_name", "last_name"]).where("id", "=", userId).forShare(),
    true
  ).pipe(Effect.map(Option.map(namesKey)))
}

const MEMBERSHIP_COLUMNS = ["user_id", "group_id", "joined_at", "sort_last", "sort_first"] as const
const membershipInsert = template((db, arg: Arguments<Record<(typeof MEMBERSHIP_COLUMNS)[number], string>>) =>
  db.insertInto("memberships").values(rowOf(arg, MEMBERSHIP_COLUMNS)))

const page = (cx: TxContext, groupId: string, after: MemberKey | null, limit: number) =>
  cx.rows(
    "memberships.page",
    cx.db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(COLUMNS.users.map((column) => `u.${column}` as const))
      .select("m.joined_at")
      .where("m.group_id", "=", groupId)
      .$if(after !== null, (q) =>
        q.where(({ eb, refTuple, tuple }) =>
          eb(refTuple("m.sort_last", "m.sort_first", "m.user_id"), ">", tuple(after!.lastName, after!.firstName, after!.id))
        ))
      .orderBy("m.sort_last")
      .orderBy("m.sort_first")
      .orderBy("m.user_id")
      .limit(limit),
    false
  ).pipe(Effect.map((rows) => rows.map((row): Member => ({ user: userOf(row), joinedAt: fromTimestamp(row.joined_at) }))))

export const membershipsTable = (cx: TxContext): Tx["memberships"] => ({
  findByUser: (userId, options) =>
    options?.lock === true
      ? findLockedWithNames(cx, userId)
      : cx.first(
        "memberships.findByUser",
        cx.db.selectFrom("memberships").select(["user_id", "group_id", "joined_at"]).where("user_id", "=", userId),
        false
      ).pipe(Effect.map(Option.map(membershipOf))),
  insert: (membership) =>
    Effect.gen(function*() {
      const key = yield* sortKeysOf(cx, membership.userId)
      // The foreign key would refuse it too; the names are needed before the insert.
      if (Option.isNone(key)) return yield* violated("memberships_user_id_fkey", `no user ${membership.userId}`)
      yield* cx.write(
        "memberships.insert",
        "memberships",
        membershipInsert(cx.db, {
          user_id: membership.userId,
          group_id: membership.groupId,
          joined_at: toTimestamp(membership.joinedAt),
          sort_last: key.value.lastName,
          sort_first: key.value.firstName
        })
      )
    }),
  // Deleting a missing row does nothing, as in the memory store.
  delete: (userId) =>
    cx.write("memberships.delete", "memberships", cx.db.deleteFrom("memberships").where("user_id", "=", userId)),
  page: (groupId, after, limit) => (limit <= 0 ? Effect.succeed([]) : page(cx, groupId, after, limit))
})

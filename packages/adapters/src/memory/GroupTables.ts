/**
 * The `groups` and `memberships` tables of a memory transaction. The CHECKs
 * on a group row (0 ≤ members ≤ seats, a balance never below zero) are the
 * last line of defence of R11 and R45, as they are in the Postgres schema;
 * the primary key of a membership being the user is R10's.
 */
import { HashMap, HashSet, Option } from "effect"
import {
  compareMemberKeys,
  type Group,
  type GroupId,
  type Member,
  type MemberKey,
  memberKey,
  type Membership,
  type Tx,
  type UserId
} from "@corporate-groups/domain"
import { violated } from "./ConstraintViolation.js"
import type { StoreState } from "./StoreState.js"
import { read, type Working, write } from "./Working.js"

const checkGroup = (group: Group): void => {
  if (!Number.isSafeInteger(group.seats) || !Number.isSafeInteger(group.members)) {
    violated("groups_counts_integer", `seats ${group.seats} and members ${group.members} must be integers`)
  }
  if (group.members < 0) violated("groups_members_check", `members ${group.members} < 0`)
  if (group.members > group.seats) {
    violated("groups_members_check", `members ${group.members} > seats ${group.seats} (R11)`)
  }
  if (!Number.isSafeInteger(group.phoneBalance.amount) || group.phoneBalance.amount < 0) {
    violated("groups_phone_balance_check", `phone balance ${group.phoneBalance.amount} (R45)`)
  }
}

const indexCode = (state: StoreState, id: GroupId, previous: string | null, next: string) => {
  const holder = HashMap.get(state.groupByCodeHash, next)
  if (Option.isSome(holder) && holder.value !== id) violated("groups_code_lookup_hash_key", "code hash is taken")
  const without = previous === null ? state.groupByCodeHash : HashMap.remove(state.groupByCodeHash, previous)
  return HashMap.set(without, next, id)
}

export const groupsTable = (w: Working): Tx["groups"] => ({
  get: (id) => read(w, (s) => HashMap.get(s.groups, id)),
  findByCodeHash: (lookupHash) =>
    read(w, (s) => Option.flatMap(HashMap.get(s.groupByCodeHash, lookupHash), (id) => HashMap.get(s.groups, id))),
  insert: (group) =>
    write(w, (s) => {
      if (HashMap.has(s.groups, group.id)) violated("groups_pkey", `group ${group.id} exists`)
      checkGroup(group)
      return {
        ...s,
        groupByCodeHash: indexCode(s, group.id, null, group.code.lookupHash),
        groups: HashMap.set(s.groups, group.id, group)
      }
    }),
  update: (group) =>
    write(w, (s) => {
      const before = Option.getOrElse(HashMap.get(s.groups, group.id), () =>
        violated("groups_pkey", `update of missing group ${group.id}`))
      checkGroup(group)
      return {
        ...s,
        groupByCodeHash: indexCode(s, group.id, before.code.lookupHash, group.code.lookupHash),
        groups: HashMap.set(s.groups, group.id, group)
      }
    })
})

const membersOf = (state: StoreState, groupId: GroupId): HashSet.HashSet<UserId> =>
  Option.getOrElse(HashMap.get(state.membersByGroup, groupId), () => HashSet.empty<UserId>())

/**
 * R16: keys are computed from the user as it is now (a renamed member moves),
 * with the domain's own key and comparison, so this order cannot drift from
 * the one the domain and the Postgres adapter use.
 */
const page = (state: StoreState, groupId: GroupId, after: MemberKey | null, limit: number): ReadonlyArray<Member> => {
  if (limit <= 0) return []
  const rows: Array<{ readonly key: MemberKey; readonly member: Member }> = []
  for (const userId of membersOf(state, groupId)) {
    const user = HashMap.getUnsafe(state.users, userId)
    const membership = HashMap.getUnsafe(state.memberships, userId)
    const key = memberKey(user)
    if (after === null || compareMemberKeys(key, after) > 0) rows.push({ key, member: { user, joinedAt: membership.joinedAt } })
  }
  rows.sort((a, b) => compareMemberKeys(a.key, b.key))
  return rows.slice(0, limit).map((row) => row.member)
}

export const membershipsTable = (w: Working): Tx["memberships"] => ({
  findByUser: (userId) => read(w, (s) => HashMap.get(s.memberships, userId)),
  insert: (membership: Membership) =>
    write(w, (s) => {
      if (HashMap.has(s.memberships, membership.userId)) {
        violated("memberships_pkey", `user ${membership.userId} is already in a group (R10)`)
      }
      if (!HashMap.has(s.users, membership.userId)) violated("memberships_user_id_fkey", "no such user")
      if (!HashMap.has(s.groups, membership.groupId)) violated("memberships_group_id_fkey", "no such group")
      return {
        ...s,
        memberships: HashMap.set(s.memberships, membership.userId, membership),
        membersByGroup: HashMap.set(
          s.membersByGroup,
          membership.groupId,
          HashSet.add(membersOf(s, membership.groupId), membership.userId)
        )
      }
    }),
  // Deleting a missing row does nothing, as `DELETE … WHERE` would.
  delete: (userId) =>
    write(w, (s) => {
      const membership = HashMap.get(s.memberships, userId)
      if (Option.isNone(membership)) return s
      const { groupId } = membership.value
      return {
        ...s,
        memberships: HashMap.remove(s.memberships, userId),
        membersByGroup: HashMap.set(s.membersByGroup, groupId, HashSet.remove(membersOf(s, groupId), userId))
      }
    }),
  page: (groupId, after, limit) => read(w, (s) => page(s, groupId, after, limit))
})

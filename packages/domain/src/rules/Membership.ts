/**
 * R10–R14: who may join, leave or be removed, decided on what the use case
 * loaded (with locks) inside its transaction. Pure: no store, no clock.
 */
import { Effect, Option, type DateTime, type Duration } from "effect"
import {
  AlreadyMember,
  corporateCodeInvalid,
  GroupFull,
  GroupSuspended,
  MemberOfAnotherGroup,
  NotAMember,
  NotFound
} from "../errors/DomainErrors.js"
import type { Group } from "../model/Group.js"
import type { Membership } from "../model/Membership.js"
import type { UserId } from "../values/Ids.js"
import { groupStatus } from "./GroupStatus.js"

export interface JoinFacts {
  /** The group the code names; none when the code matches no live group. */
  readonly group: Option.Option<Group>
  /** The user's current membership, if any. */
  readonly membership: Option.Option<Membership>
  readonly userId: UserId
  readonly now: DateTime.Utc
  readonly grace: Duration.Duration
}

export interface Joined {
  readonly group: Group
  readonly membership: Membership
}

/**
 * R12, API.md §5 Order of checks: the code, then already-member,
 * member-of-another-group, group-suspended, group-full (R11).
 */
export const decideJoin = (facts: JoinFacts) => {
  if (Option.isNone(facts.group)) return Effect.fail(corporateCodeInvalid())
  return admit(facts.group.value, facts)
}

/**
 * R13: the admin creates a member directly. The same seat and status rules as
 * a join; the new account has no membership yet.
 */
export const admit = (
  group: Group,
  facts: Pick<JoinFacts, "membership" | "userId" | "now" | "grace">
): Effect.Effect<Joined, AlreadyMember | MemberOfAnotherGroup | GroupSuspended | GroupFull> => {
  if (Option.isSome(facts.membership)) {
    return Effect.fail(facts.membership.value.groupId === group.id ? new AlreadyMember() : new MemberOfAnotherGroup())
  }
  if (groupStatus(group, facts.now, facts.grace) === "suspended") return Effect.fail(new GroupSuspended())
  if (group.members >= group.seats) return Effect.fail(new GroupFull())
  return Effect.succeed({
    group: { ...group, members: group.members + 1 },
    membership: { userId: facts.userId, groupId: group.id, joinedAt: facts.now }
  })
}

/** R14: a User leaves by themself; the seat frees at once. */
export const decideLeave = (group: Group, membership: Option.Option<Membership>) =>
  Option.isSome(membership) && membership.value.groupId === group.id
    ? Effect.succeed(release(group))
    : Effect.fail(new NotAMember())

/** R14: the admin removes a member of their own group; anyone else is not found. */
export const decideRemove = (group: Group, membership: Option.Option<Membership>) =>
  Option.isSome(membership) && membership.value.groupId === group.id
    ? Effect.succeed(release(group))
    : Effect.fail(new NotFound({ resource: "member" }))

const release = (group: Group): Group => ({ ...group, members: group.members - 1 })

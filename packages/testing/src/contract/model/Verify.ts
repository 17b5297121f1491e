/**
 * After every command: SPEC's invariants hold on the committed state
 * (Invariants.ts), and the real groups and memberships are the model's.
 */
import { DateTime, Effect } from "effect"
import { expect } from "vitest"
import { invariantViolations } from "../../Invariants.js"
import { StateInspector } from "../../StateInspector.js"
import type { Model } from "./Model.js"
import type { World } from "./World.js"

export const verify = async (m: Model, world: World): Promise<void> => {
  const snapshot = await world.run(Effect.flatMap(StateInspector, (i) => i.snapshot))
  expect(invariantViolations(snapshot)).toEqual([])
  const groups = new Map(snapshot.groups.map((g) => [g.id as string, g]))
  const memberOf = new Map(snapshot.memberships.map((ms) => [ms.userId as string, ms.groupId as string]))
  m.groups.forEach((g, i) => {
    const real = groups.get(world.groups[i]!.groupId)!
    expect({ group: i, seats: real.seats, members: real.members, balance: real.phoneBalance.amount })
      .toEqual({ group: i, seats: g.seats, members: g.members.size, balance: g.balance })
    expect(real.paidThrough === null ? null : DateTime.toEpochMillis(real.paidThrough)).toBe(g.paidThrough)
  })
  m.users.forEach((u, j) => {
    const groupId = memberOf.get(world.users[j]!.userId) ?? null
    expect({ user: j, group: groupId }).toEqual({
      user: j,
      group: u.group === null ? null : world.groups[u.group]!.groupId
    })
  })
}

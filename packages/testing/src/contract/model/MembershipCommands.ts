/**
 * Model-based commands for membership: joining with a code (R12), leaving and
 * removal (R14), rotating the code (R15), the address book (R16) and the
 * effective tariff (R32).
 */
import { addressBook, getMe, joinGroup, leaveGroup, removeMember, rotateCode } from "@corporate-groups/domain"
import type fc from "fast-check"
import { expect } from "vitest"
import { type CodeChoice, presentCode, validCode } from "./AccountCommands.js"
import { expectAdmission, type Model, tariffOf, throttled } from "./Model.js"
import { verify } from "./Verify.js"
import type { World } from "./World.js"

type Cmd = fc.AsyncCommand<Model, World>

export class Join implements Cmd {
  constructor(readonly user: number, readonly code: CodeChoice) {}
  check = (m: Model) => this.user < m.users.length && validCode(m, this.code)
  async run(m: Model, world: World) {
    const u = m.users[this.user]!
    const presented = presentCode(world, this.code)
    const out = await world.call(
      joinGroup(world.users[this.user]!.principal, { corporateCode: presented.code }, world.freshAddress())
    )
    const expected = throttled(m, u) ? "rate-limited" : expectAdmission(m, presented.group, u.group)
    expect(out.tag).toBe(expected)
    if (expected === "corporate-code-invalid") u.failures.push(m.now)
    if (out.tag === "ok") {
      u.group = presented.group
      m.groups[presented.group!]!.members.add(this.user)
      expect(out.value!.tariff.name).toBe(tariffOf(m, u))
    }
    await verify(m, world)
  }
  toString = () => `Join(u${this.user}, ${JSON.stringify(this.code)})`
}

export class Leave implements Cmd {
  constructor(readonly user: number) {}
  check = (m: Model) => this.user < m.users.length
  async run(m: Model, world: World) {
    const u = m.users[this.user]!
    const out = await world.call(leaveGroup(world.users[this.user]!.principal))
    expect(out.tag).toBe(u.group === null ? "not-a-member" : "ok")
    if (u.group !== null) {
      m.groups[u.group]!.members.delete(this.user)
      u.group = null
    }
    await verify(m, world)
  }
  toString = () => `Leave(u${this.user})`
}

export class Remove implements Cmd {
  constructor(readonly group: number, readonly user: number) {}
  check = (m: Model) => this.group < m.groups.length && this.user < m.users.length
  async run(m: Model, world: World) {
    const u = m.users[this.user]!
    const out = await world.call(removeMember(world.groups[this.group]!.principal, world.users[this.user]!.userId))
    expect(out.tag).toBe(u.group === this.group ? "ok" : "not-found")
    if (u.group === this.group) {
      m.groups[this.group]!.members.delete(this.user)
      u.group = null
    }
    await verify(m, world)
  }
  toString = () => `Remove(g${this.group}, u${this.user})`
}

export class RotateCode implements Cmd {
  constructor(readonly group: number) {}
  check = (m: Model) => this.group < m.groups.length
  async run(m: Model, world: World) {
    const out = await world.call(rotateCode(world.groups[this.group]!.principal))
    expect(out.tag).toBe("ok")
    const codes = world.groups[this.group]!.codes
    expect(codes).not.toContain(out.value!.corporateCode)
    // Keep the very first code as "the old one" and the newest as current.
    codes.splice(1, codes.length, out.value!.corporateCode)
    await verify(m, world)
  }
  toString = () => `RotateCode(g${this.group})`
}

/** R32 and R16: the user's tariff and group, and their address book page by page. */
export class LookAround implements Cmd {
  constructor(readonly user: number, readonly limit: number) {}
  check = (m: Model) => this.user < m.users.length
  async run(m: Model, world: World) {
    const u = m.users[this.user]!
    const principal = world.users[this.user]!.principal
    const me = await world.run(getMe(principal))
    expect(me.tariff.name).toBe(tariffOf(m, u))
    expect(me.group?.id ?? null).toBe(u.group === null ? null : world.groups[u.group]!.groupId)
    const seen: Array<string> = []
    let cursor: string | null = null
    do {
      const page: { items: ReadonlyArray<{ id: string }>; nextCursor: string | null } = await world.run(
        addressBook(principal, cursor === null ? { limit: this.limit } : { limit: this.limit, cursor })
      )
      expect(page.items.length).toBeLessThanOrEqual(this.limit)
      seen.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    const expected = u.group === null ? [] : [...m.groups[u.group]!.members].map((j) => world.users[j]!.userId)
    expect(seen.toSorted()).toEqual(expected.toSorted())
  }
  toString = () => `LookAround(u${this.user}, limit ${this.limit})`
}

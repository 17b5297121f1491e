/**
 * Model-based commands for accounts and groups: registering groups, users
 * (with or without a corporate code), members added by the admin, signing in.
 */
import { addMember, registerGroup, registerUser, signIn } from "@corporate-groups/domain"
import type fc from "fast-check"
import { expect } from "vitest"
import { expectAdmission, type Model, PERIOD, tariffOf } from "./Model.js"
import { verify } from "./Verify.js"
import type { World } from "./World.js"

type Cmd = fc.AsyncCommand<Model, World>

/** Which code a command presents: a group's current one, its old one, or garbage. */
export type CodeChoice =
  | { readonly kind: "current"; readonly group: number }
  | { readonly kind: "old"; readonly group: number }
  | { readonly kind: "garbage" }

/** The code's text, and the group it should name (null: none). */
export const presentCode = (world: World, choice: CodeChoice): { code: string; group: number | null } => {
  if (choice.kind === "garbage") return { code: "ZZZZ-ZZZZ-ZZZZ-ZZZZ", group: null }
  const codes = world.groups[choice.group]!.codes
  if (choice.kind === "current") return { code: codes.at(-1)!.toLowerCase().replaceAll("-", " "), group: choice.group }
  return codes.length > 1 ? { code: codes[0]!, group: null } : { code: codes[0]!, group: choice.group }
}

export const validCode = (m: Model, choice: CodeChoice): boolean => choice.kind === "garbage" || choice.group < m.groups.length

export const userFields = (n: number, lastName: string) => ({
  trueconfId: `User${n}`,
  email: `user${n}@Example.com`,
  password: `pw-${n}-long-enough`,
  passwordConfirmation: `pw-${n}-long-enough`,
  firstName: `Ann ${n % 3}`,
  lastName,
  country: "ru"
})

export class RegisterGroup implements Cmd {
  constructor(readonly seats: number) {}
  check = () => true
  async run(m: Model, world: World) {
    const n = m.groups.length
    const admin = { email: `admin${n}@example.com`, password: `admin-${n}-password`, passwordConfirmation: `admin-${n}-password` }
    const out = await world.call(registerGroup({ name: `Group ${n}`, seats: this.seats, admin }))
    expect(out.tag).toBe("ok")
    const principal = await world.principalOf(admin.email, admin.password, "cabinet")
    if (principal.kind !== "group-admin") throw new Error("R4: an admin signed in as a user")
    world.groups.push({
      groupId: out.value!.group.id,
      adminEmail: admin.email,
      adminPassword: admin.password,
      principal,
      codes: [out.value!.group.corporateCode]
    })
    m.groups.push({
      seats: this.seats, paidThrough: null, members: new Set(), balance: 0,
      first: { end: m.now + PERIOD }, renewal: null, raise: null
    })
    await verify(m, world)
  }
  toString = () => `RegisterGroup(${this.seats})`
}

/** R2, R3, R12: public registration, optionally with a code; all or nothing. */
export class RegisterUser implements Cmd {
  constructor(readonly code: CodeChoice | null, readonly lastName: string) {}
  check = (m: Model) => this.code === null || validCode(m, this.code)
  async run(m: Model, world: World) {
    const n = m.users.length
    const presented = this.code === null ? null : presentCode(world, this.code)
    const fields = userFields(n, this.lastName)
    const out = await world.call(registerUser(
      presented === null ? fields : { ...fields, corporateCode: presented.code },
      world.freshAddress()
    ))
    const expected = presented === null ? "ok" : expectAdmission(m, presented.group, null)
    expect(out.tag).toBe(expected)
    if (out.tag === "ok") {
      await adopt(m, world, n, fields, presented?.group ?? null)
      // R3, R32: Free unless the code made them a member of an active group.
      expect(out.value!.tariff.name).toBe(tariffOf(m, m.users[n]!))
    }
    await verify(m, world)
  }
  toString = () => `RegisterUser(${JSON.stringify(this.code)}, ${this.lastName})`
}

/** R13: the admin creates a member; full or suspended creates nothing. */
export class AddMember implements Cmd {
  constructor(readonly group: number, readonly lastName: string) {}
  check = (m: Model) => this.group < m.groups.length
  async run(m: Model, world: World) {
    const n = m.users.length
    const fields = userFields(n, this.lastName)
    const out = await world.call(addMember(world.groups[this.group]!.principal, fields))
    expect(out.tag).toBe(expectAdmission(m, this.group, null))
    if (out.tag === "ok") await adopt(m, world, n, fields, this.group)
    await verify(m, world)
  }
  toString = () => `AddMember(g${this.group}, ${this.lastName})`
}

const adopt = async (
  m: Model,
  world: World,
  n: number,
  fields: ReturnType<typeof userFields>,
  group: number | null
) => {
  const principal = await world.principalOf(fields.trueconfId, fields.password, "app")
  if (principal.kind !== "user") throw new Error("R1: a user signed in as an admin")
  world.users.push({ userId: principal.userId, trueconfId: fields.trueconfId, password: fields.password, principal })
  m.users.push({ group, failures: [] })
  if (group !== null) m.groups[group]!.members.add(n)
}

/** R4, R5: sign-in by login in any case; admins only in the cabinet. */
export class SignIn implements Cmd {
  constructor(
    readonly who: { readonly kind: "user" | "admin"; readonly index: number },
    readonly rightPassword: boolean,
    readonly client: "app" | "cabinet"
  ) {}
  check = (m: Model) => this.who.index < (this.who.kind === "user" ? m.users.length : m.groups.length)
  async run(m: Model, world: World) {
    const account = this.who.kind === "user"
      ? { login: world.users[this.who.index]!.trueconfId.toUpperCase(), password: world.users[this.who.index]!.password }
      : { login: world.groups[this.who.index]!.adminEmail.toUpperCase(), password: world.groups[this.who.index]!.adminPassword }
    const password = this.rightPassword ? account.password : `${account.password}-wrong`
    const out = await world.call(signIn({ login: account.login, password, client: this.client }, world.freshAddress()))
    const expected = !this.rightPassword
      ? "invalid-credentials"
      : this.who.kind === "admin" && this.client === "app"
      ? "admin-cannot-use-apps"
      : "ok"
    expect(out.tag).toBe(expected)
  }
  toString = () => `SignIn(${this.who.kind}${this.who.index}, ${this.rightPassword ? "right" : "wrong"}, ${this.client})`
}

/**
 * Model-based commands for money and time: seat changes (R43), renewals and
 * payments (R42, R44), the phone balance (R45), and the clock moving on (R41).
 */
import {
  changeSeats,
  listInvoices,
  payInvoice,
  recordPhoneCall,
  renew,
  topUpPhoneBalance
} from "@corporate-groups/domain"
import type fc from "fast-check"
import { expect } from "vitest"
import { ControlledClock } from "../../ControlledClock.js"
import { Effect } from "effect"
import {
  applyPayment,
  applyRenewal,
  applySeatChange,
  expectRenewal,
  expectSeatChange,
  type InvoiceKind,
  isOpen,
  type Model,
  RATE_PER_MINUTE
} from "./Model.js"
import { verify } from "./Verify.js"
import type { World } from "./World.js"

type Cmd = fc.AsyncCommand<Model, World>
let keys = 0
const freshKey = () => `key-${++keys}`

export class ChangeSeats implements Cmd {
  constructor(readonly group: number, readonly seats: number) {}
  check = (m: Model) => this.group < m.groups.length
  async run(m: Model, world: World) {
    const g = m.groups[this.group]!
    const out = await world.call(changeSeats(world.groups[this.group]!.principal, { seats: this.seats }))
    expect(out.tag).toBe(expectSeatChange(m, g, this.seats))
    if (out.tag === "ok") applySeatChange(m, g, this.seats)
    await verify(m, world)
  }
  toString = () => `ChangeSeats(g${this.group}, ${this.seats})`
}

export class Renew implements Cmd {
  constructor(readonly group: number) {}
  check = (m: Model) => this.group < m.groups.length
  async run(m: Model, world: World) {
    const g = m.groups[this.group]!
    const out = await world.call(renew(world.groups[this.group]!.principal))
    expect(out.tag).toBe(expectRenewal(m, g))
    if (out.tag === "ok") applyRenewal(m, g)
    await verify(m, world)
  }
  toString = () => `Renew(g${this.group})`
}

const realKind = { first: "first", renewal: "renewal", raise: "seats" } as const

/** Pays the group's open invoice of a kind, when the model says there is one (and checks the real list agrees). */
export class Pay implements Cmd {
  constructor(readonly group: number, readonly kind: InvoiceKind, readonly method: "tok_visa" | "tok_chargeDeclined") {}
  check = (m: Model) => this.group < m.groups.length
  async run(m: Model, world: World) {
    const g = m.groups[this.group]!
    const principal = world.groups[this.group]!.principal
    const page = await world.run(listInvoices(principal, { limit: 200 }))
    const open = page.items.filter((i) => i.status === "open" && i.kind === realKind[this.kind])
    expect(open.length).toBe(isOpen(m, g[this.kind]) ? 1 : 0)
    if (open.length === 0) return
    const out = await world.call(payInvoice(principal, open[0]!.id, { paymentMethod: this.method }, freshKey()))
    expect(out.tag).toBe(this.method === "tok_visa" ? "ok" : "payment-declined")
    if (out.tag === "ok") applyPayment(g, this.kind)
    await verify(m, world)
  }
  toString = () => `Pay(g${this.group}, ${this.kind}, ${this.method})`
}

export class TopUp implements Cmd {
  constructor(readonly group: number, readonly amount: number, readonly method: "tok_visa" | "tok_chargeDeclined") {}
  check = (m: Model) => this.group < m.groups.length
  async run(m: Model, world: World) {
    const out = await world.call(topUpPhoneBalance(
      world.groups[this.group]!.principal,
      { amount: { amount: this.amount, currency: "RUB" }, paymentMethod: this.method },
      freshKey()
    ))
    expect(out.tag).toBe(this.method === "tok_visa" ? "ok" : "payment-declined")
    if (out.tag === "ok") m.groups[this.group]!.balance += this.amount
    await verify(m, world)
  }
  toString = () => `TopUp(g${this.group}, ${this.amount}, ${this.method})`
}

export class PhoneCall implements Cmd {
  constructor(readonly user: number, readonly minutes: number) {}
  check = (m: Model) => this.user < m.users.length
  async run(m: Model, world: World) {
    const u = m.users[this.user]!
    const out = await world.call(
      recordPhoneCall(world.users[this.user]!.principal, { phoneNumber: "+74951234567", minutes: this.minutes })
    )
    const cost = this.minutes * RATE_PER_MINUTE
    const expected = u.group === null ? "not-a-member" : m.groups[u.group]!.balance < cost ? "insufficient-balance" : "ok"
    expect(out.tag).toBe(expected)
    if (out.tag === "ok") m.groups[u.group!]!.balance -= cost
    await verify(m, world)
  }
  toString = () => `PhoneCall(u${this.user}, ${this.minutes} min)`
}

export class Advance implements Cmd {
  constructor(readonly millis: number) {}
  check = () => true
  async run(m: Model, world: World) {
    await world.run(Effect.flatMap(ControlledClock, (clock) => clock.advance(this.millis)))
    m.now += this.millis
    await verify(m, world)
  }
  toString = () => `Advance(${(this.millis / 3_600_000).toFixed(1)} h)`
}

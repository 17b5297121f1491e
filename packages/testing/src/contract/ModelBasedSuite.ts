/**
 * The model-based suite (fast-check `fc.commands`): random sequences of
 * registrations, joins, leaves, removals, code rotations, seat changes,
 * renewals, payments, phone calls, sign-ins and clock moves, each checked
 * against the simple model of model/Model.ts, with every SPEC invariant
 * (Invariants.ts) checked on the committed state after every step.
 */
import fc from "fast-check"
import { describe, it } from "vitest"
import { DEFAULT_START } from "../ControlledClock.js"
import { AddMember, type CodeChoice, RegisterGroup, RegisterUser, SignIn } from "./model/AccountCommands.js"
import { Advance, ChangeSeats, Pay, PhoneCall, Renew, TopUp } from "./model/BillingCommands.js"
import { Join, Leave, LookAround, Remove, RotateCode } from "./model/MembershipCommands.js"
import { DAY, type Model } from "./model/Model.js"
import { World } from "./model/World.js"
import type { ContractTarget } from "./Target.js"

/** Few groups and users, so commands collide on them often. */
const index = fc.nat({ max: 2 })
const code: fc.Arbitrary<CodeChoice> = fc.oneof(
  { weight: 4, arbitrary: index.map((group) => ({ kind: "current" as const, group })) },
  { weight: 1, arbitrary: index.map((group) => ({ kind: "old" as const, group })) },
  { weight: 1, arbitrary: fc.constant({ kind: "garbage" as const }) }
)
/** Few distinct last names, so the address book has ties to break (R16). */
const lastName = fc.constantFrom("Ivanova", "ivanova", "Petrov", "Åström", "Zed")
const method = fc.constantFrom("tok_visa" as const, "tok_visa" as const, "tok_chargeDeclined" as const)

export const commands = [
  fc.integer({ min: 1, max: 3 }).map((seats) => new RegisterGroup(seats)),
  fc.integer({ min: 1, max: 3 }).map((seats) => new RegisterGroup(seats)),
  fc.tuple(fc.option(code, { nil: null }), lastName).map(([c, n]) => new RegisterUser(c, n)),
  fc.tuple(fc.option(code, { nil: null }), lastName).map(([c, n]) => new RegisterUser(c, n)),
  fc.tuple(fc.option(code, { nil: null }), lastName).map(([c, n]) => new RegisterUser(c, n)),
  fc.tuple(index, lastName).map(([g, n]) => new AddMember(g, n)),
  fc.tuple(index, code).map(([u, c]) => new Join(u, c)),
  fc.tuple(index, code).map(([u, c]) => new Join(u, c)),
  index.map((u) => new Leave(u)),
  fc.tuple(index, index).map(([g, u]) => new Remove(g, u)),
  index.map((g) => new RotateCode(g)),
  fc.tuple(index, fc.integer({ min: 1, max: 6 })).map(([g, n]) => new ChangeSeats(g, n)),
  index.map((g) => new Renew(g)),
  fc.tuple(index, fc.constantFrom("first" as const, "renewal" as const, "raise" as const), method)
    .map(([g, k, t]) => new Pay(g, k, t)),
  fc.tuple(index, fc.constantFrom("first" as const, "renewal" as const, "raise" as const))
    .map(([g, k]) => new Pay(g, k, "tok_visa")),
  fc.tuple(index, fc.integer({ min: 1, max: 5_000 }), method).map(([g, a, t]) => new TopUp(g, a, t)),
  fc.tuple(index, fc.integer({ min: 1, max: 10 })).map(([u, n]) => new PhoneCall(u, n)),
  fc.tuple(fc.record({ kind: fc.constantFrom("user" as const, "admin" as const), index }), fc.boolean(),
    fc.constantFrom("app" as const, "cabinet" as const)).map(([who, right, client]) => new SignIn(who, right, client)),
  fc.tuple(index, fc.integer({ min: 1, max: 3 })).map(([u, limit]) => new LookAround(u, limit)),
  fc.oneof(fc.integer({ min: 1, max: 48 }).map((h) => h * 3_600_000), fc.integer({ min: 1, max: 40 }).map((d) => d * DAY))
    .map((ms) => new Advance(ms))
]

export interface ModelBasedOptions {
  /** Command sequences to run (the issue asks for at least 200 in CI). */
  readonly numRuns?: number
  readonly maxCommands?: number
}

export const modelBasedSuite = (target: ContractTarget, options: ModelBasedOptions = {}) =>
  describe(`model-based suite on ${target.name}`, () => {
    it(
      "R10 R11 R12 R14 R15 R16 R32 R41 R42 R43 R44 R45 R50: every step matches the model and keeps every invariant",
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.commands(commands, { maxCommands: options.maxCommands ?? 60, size: "max" }), async (cmds) => {
            const world = World.open(target)
            try {
              const model: Model = { now: DEFAULT_START, groups: [], users: [] }
              await fc.asyncModelRun(() => ({ model, real: world }), cmds)
            } finally {
              await world.close()
            }
          }),
          { numRuns: options.numRuns ?? 200 }
        )
      },
      600_000
    )
  })

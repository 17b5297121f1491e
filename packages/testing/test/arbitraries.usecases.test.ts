/**
 * The arbitraries against the use cases themselves, on the in-memory adapters:
 * a valid body is never `validation-failed` (a registration registers, a
 * group's code typed sloppily joins it), and a body broken by `invalidBody` is
 * `validation-failed` naming exactly its broken fields, with the use case's
 * own conventions (null as absent, ignored presenters, confirmations) and
 * not only its Schema's.
 */
import { MemoryAdapters, type MemoryAdaptersServices } from "@corporate-groups/adapters"
import {
  addMember,
  addressBook,
  type AdminPrincipal,
  changePassword,
  changeSeats,
  type ClientInfo,
  editGroup,
  joinGroup,
  payInvoice,
  phoneBalance,
  recordPhoneCall,
  registerGroup,
  registerUser,
  requestConferencePermit,
  SessionId,
  signIn,
  topUpPhoneBalance,
  updateMe,
  type UserPrincipal
} from "@corporate-groups/domain"
import { Cause, Effect, Exit, Option } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Arb from "../src/arbitraries/index.js"

const client: ClientInfo = { address: "192.0.2.10" }
const sessionId = SessionId.make("00000000-0000-7000-8000-000000000000")
const RUNS = { numRuns: 25 }
const TIMEOUT = 60_000

/** Runs `effect` in a fresh in-memory world: its success, or the failure's tag (and fields when validation failed). */
const settle = async <A, E extends { readonly _tag: string }>(
  effect: Effect.Effect<A, E, MemoryAdaptersServices>
): Promise<
  | { readonly ok: true; readonly tag: "ok"; readonly value: A }
  | { readonly ok: false; readonly tag: string; readonly fields: ReadonlyArray<string> }
> => {
  const exit = await Effect.runPromiseExit(effect.pipe(Effect.provide(MemoryAdapters.layer({ fastHashing: true }))))
  if (Exit.isSuccess(exit)) return { ok: true, tag: "ok", value: exit.value }
  const error = Exit.findErrorOption(exit)
  if (Option.isNone(error)) throw new Error(Cause.pretty(exit.cause))
  const failure: { readonly _tag: string; readonly errors?: ReadonlyArray<{ readonly field: string }> } = error.value
  return { ok: false, tag: failure._tag, fields: failure.errors?.map((e) => e.field) ?? [] }
}

/** The signed-in user's address book, for `query`. */
const readAddressBook = (query: unknown) => settle(Effect.flatMap(world, ({ user }) => addressBook(user, query)))

/** A registered group (10,000 seats, so it never fills) and a registered user outside it. */
const world = Effect.gen(function*() {
  const [groupBody] = fc.sample(Arb.registerGroupInput({ index: 0, seats: fc.constant(10_000) }), 1)
  const [userBody] = fc.sample(Arb.registerUserInput({ index: 0 }), 1)
  const group = yield* registerGroup(groupBody)
  const { user } = yield* registerUser(userBody, client)
  const admin: AdminPrincipal = { kind: "group-admin", adminId: group.admin.id, groupId: group.group.id, sessionId }
  const member: UserPrincipal = { kind: "user", userId: user.id, sessionId }
  return { admin, user: member, password: userBody!.password, invoiceId: group.invoice.id, code: group.group.corporateCode }
})
type World = Effect.Success<typeof world>

interface Case {
  readonly name: string
  readonly valid: (world: World) => Arb.BodyArbitrary<object>
  readonly run: (world: World, body: unknown) => Effect.Effect<unknown, { readonly _tag: string }, MemoryAdaptersServices>
}

const cases: ReadonlyArray<Case> = [
  { name: "R2: registerUser", valid: () => Arb.registerUserInput({ index: 1 }), run: (_, body) => registerUser(body, client) },
  {
    name: "R2, R12: registerUser with the group's code",
    valid: ({ code }) => Arb.registerUserInput({ index: 1, withCode: code }),
    run: (_, body) => registerUser(body, client)
  },
  { name: "R13: addMember", valid: () => Arb.addMemberInput({ index: 1 }), run: ({ admin }, body) => addMember(admin, body) },
  { name: "R18: registerGroup", valid: () => Arb.registerGroupInput({ index: 1 }), run: (_, body) => registerGroup(body) },
  {
    name: "R5: changePassword",
    valid: ({ password }) => Arb.changePasswordInput(password),
    run: ({ user }, body) => changePassword(user, body)
  },
  { name: "R2: updateMe", valid: () => Arb.profilePatch(), run: ({ user }, body) => updateMe(user, body) },
  {
    name: "R31: requestConferencePermit",
    valid: () => Arb.conferencePermitInput(),
    run: ({ user }, body) => requestConferencePermit(user, body)
  },
  { name: "R45: recordPhoneCall", valid: () => Arb.phoneCallInput(), run: ({ user }, body) => recordPhoneCall(user, body) },
  { name: "R43: changeSeats", valid: () => Arb.seatChangeInput(), run: ({ admin }, body) => changeSeats(admin, body) },
  {
    name: "R45: topUpPhoneBalance",
    valid: () => Arb.topUpInput("RUB"),
    run: ({ admin }, body) =>
      Effect.flatMap(phoneBalance(admin), ({ balance }) => {
        expect(balance.currency).toBe("RUB")
        return topUpPhoneBalance(admin, body, "top-up-key")
      })
  },
  {
    name: "R44: payInvoice",
    valid: () => Arb.payInvoiceInput(),
    run: ({ admin, invoiceId }, body) => payInvoice(admin, invoiceId, body, "payment-key")
  },
  { name: "R12: joinGroup", valid: ({ code }) => Arb.joinGroupInput(code), run: ({ user }, body) => joinGroup(user, body, client) },
  { name: "R17: editGroup", valid: () => Arb.editGroupInput(), run: ({ admin }, body) => editGroup(admin, body) },
  { name: "R5: signIn", valid: () => Arb.signInInput(), run: (_, body) => signIn(body, client) }
]

describe("command arbitraries against the use cases", () => {
  for (const { name, run, valid } of cases) {
    it(`${name}: a valid body is never validation-failed`, async () => {
      await fc.assert(fc.asyncProperty(fc.integer(), async (seed) => {
        const result = await settle(Effect.gen(function*() {
          const built = yield* world
          const [body] = fc.sample(valid(built), { numRuns: 1, seed })
          return yield* run(built, body)
        }))
        expect(result).not.toMatchObject({ tag: "validation-failed" })
      }), RUNS)
    }, TIMEOUT)

    it(`${name}: invalidBody is validation-failed naming exactly the broken fields`, async () => {
      await fc.assert(fc.asyncProperty(fc.integer(), async (seed) => {
        let broken: Arb.BrokenBody | undefined
        const result = await settle(Effect.gen(function*() {
          const built = yield* world
          ;[broken] = fc.sample(Arb.invalidBody(valid(built)), { numRuns: 1, seed })
          return yield* run(built, broken!.body)
        }))
        expect({ broken, result }).toMatchObject({ result: { tag: "validation-failed" } })
        if (!result.ok) expect(new Set(result.fields)).toEqual(new Set(broken!.brokenFields))
      }), RUNS)
    }, TIMEOUT)
  }

  it("R2: a valid registration is stored canonical: lower-case ids, upper-case country, trimmed names, defaults", async () => {
    await fc.assert(fc.asyncProperty(Arb.registerUserInput(), async (body) => {
      const result = await settle(registerUser(body, client))
      expect(result.tag).toBe("ok")
      if (!result.ok) return
      const { user } = result.value
      expect(user).toMatchObject({
        trueconfId: Arb.canonicalTrueconfId(body.trueconfId),
        email: Arb.canonicalEmail(body.email),
        firstName: body.firstName.trim(),
        lastName: body.lastName.trim(),
        country: body.country.trim().toUpperCase(),
        language: body.language?.trim().toLowerCase() ?? "en",
        productNews: body.productNews ?? false,
        researchBulletin: body.researchBulletin ?? false
      })
    }), RUNS)
  }, TIMEOUT)

  it("R12, R15: the group's code typed sloppily joins it, at registration and later", async () => {
    await fc.assert(fc.asyncProperty(fc.integer(), async (seed) => {
      const result = await settle(Effect.gen(function*() {
        const built = yield* world
        const [registration] = fc.sample(Arb.registerUserInput({ index: 2, withCode: built.code }), { numRuns: 1, seed })
        const [join] = fc.sample(Arb.joinGroupInput(built.code), { numRuns: 1, seed })
        const registered = yield* registerUser(registration, client)
        const joined = yield* joinGroup(built.user, join, client)
        return [registered.group?.id, joined.group.id, built.admin.groupId]
      }))
      expect(result).toMatchObject({ ok: true })
      if (result.ok) expect(new Set(result.value)).toEqual(new Set([result.value[2]]))
    }), RUNS)
  }, TIMEOUT)

  it("R12: a random corporate code and a malformed one are corporate-code-invalid, not validation-failed", async () => {
    await fc.assert(fc.asyncProperty(Arb.registerUserInput({ withCode: true }), Arb.malformedCorporateCode(), async (body, typed) => {
      expect((await settle(registerUser(body, client))).tag).toBe("corporate-code-invalid")
      expect((await settle(registerUser({ ...body, corporateCode: typed }, client))).tag).toBe("corporate-code-invalid")
    }), RUNS)
  }, TIMEOUT)

  it("R2: distinct indices register distinct users and admins in one world", async () => {
    const indices = fc.uniqueArray(fc.nat(1_000), { minLength: 1, maxLength: 6 })
    await fc.assert(fc.asyncProperty(
      indices.chain((is) => fc.tuple(...is.map((index) => fc.tuple(Arb.registerUserInput({ index }), Arb.registerGroupInput({ index }))))),
      async (pairs) => {
        const result = await settle(Effect.forEach(pairs, ([user, group]) => Effect.andThen(registerUser(user, client), registerGroup(group))))
        expect(result).toMatchObject({ ok: true })
      }
    ), RUNS)
  }, TIMEOUT)

  it("R16: page requests are accepted; invalid limits and malformed cursors are validation-failed on their field", async () => {
    await fc.assert(fc.asyncProperty(Arb.pageRequest(), Arb.invalidLimit(), Arb.malformedCursor(), async (request, limit, cursor) => {
      expect((await readAddressBook(request)).tag).toBe("ok")
      expect(await readAddressBook({ limit: limit.value })).toEqual({ ok: false, tag: "validation-failed", fields: ["limit"] })
      expect(await readAddressBook({ cursor })).toEqual({ ok: false, tag: "validation-failed", fields: ["cursor"] })
    }), RUNS)
  }, TIMEOUT)
})

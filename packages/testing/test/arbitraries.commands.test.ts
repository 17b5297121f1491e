/**
 * The command arbitraries keep their promises against the domain's own
 * Schemas (plus the checks the use cases run beside them, such as password
 * confirmations): every valid body decodes, every broken one is refused naming
 * exactly the fields that were broken.
 */
import {
  addMemberInput as addMemberSchema,
  ChangePasswordInput,
  ChangeSeatsInput,
  ConferencePermitInput,
  confirmationMatches,
  decodeInput,
  EditGroupInput,
  JoinGroupInput,
  mergeValidation,
  normalizeCode,
  PayInvoiceInput,
  RecordPhoneCallInput,
  RegisterGroupInput,
  registerUserInput as registerUserSchema,
  SignInInput,
  TopUpInput,
  UpdateMeInput,
  type ValidationFailed
} from "@corporate-groups/domain"
import { Effect, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Arb from "../src/arbitraries/index.js"
import { CUSTOM_DOMAIN, outcome } from "./support/schemaChecks.js"


/** What each command's use case checks before any rule: its Schema, and the confirmations beside it. */
const registration = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) => (body: unknown) =>
  mergeValidation(decodeInput(schema)(body), confirmationMatches(body, "password", "passwordConfirmation"))

interface Command {
  readonly name: string
  readonly valid: Arb.BodyArbitrary<object>
  readonly validate: (body: unknown) => Effect.Effect<unknown, ValidationFailed>
}

const commands: ReadonlyArray<Command> = [
  { name: "R2: registerUserInput", valid: Arb.registerUserInput(), validate: registration(registerUserSchema("t.trueconf.com")) },
  {
    name: "R2, R12: registerUserInput with a code on a configured domain",
    valid: Arb.registerUserInput({ serviceDomain: CUSTOM_DOMAIN, withCode: true }),
    validate: registration(registerUserSchema(CUSTOM_DOMAIN))
  },
  { name: "R13: addMemberInput", valid: Arb.addMemberInput({ index: 7 }), validate: registration(addMemberSchema("t.trueconf.com")) },
  {
    name: "R18: registerGroupInput",
    valid: Arb.registerGroupInput(),
    validate: (body) =>
      mergeValidation(decodeInput(RegisterGroupInput)(body), confirmationMatches(body, "admin.password", "admin.passwordConfirmation"))
  },
  {
    name: "R5: changePasswordInput",
    valid: Arb.changePasswordInput("the current password"),
    validate: (body) =>
      mergeValidation(decodeInput(ChangePasswordInput)(body), confirmationMatches(body, "newPassword", "newPasswordConfirmation"))
  },
  { name: "R2: profilePatch", valid: Arb.profilePatch(), validate: decodeInput(UpdateMeInput) },
  { name: "R31: conferencePermitInput", valid: Arb.conferencePermitInput(), validate: decodeInput(ConferencePermitInput) },
  { name: "R45: phoneCallInput", valid: Arb.phoneCallInput(), validate: decodeInput(RecordPhoneCallInput) },
  { name: "R43: seatChangeInput", valid: Arb.seatChangeInput(), validate: decodeInput(ChangeSeatsInput) },
  { name: "R45: topUpInput", valid: Arb.topUpInput("EUR"), validate: decodeInput(TopUpInput) },
  { name: "R44: payInvoiceInput", valid: Arb.payInvoiceInput(), validate: decodeInput(PayInvoiceInput) },
  { name: "R12: joinGroupInput", valid: Arb.joinGroupInput(), validate: decodeInput(JoinGroupInput) },
  { name: "R17: editGroupInput", valid: Arb.editGroupInput(), validate: decodeInput(EditGroupInput) },
  { name: "R5: signInInput", valid: Arb.signInInput(), validate: decodeInput(SignInInput) }
]

describe("command arbitraries", () => {
  for (const { name, valid, validate } of commands) {
    it(`${name}: valid bodies pass validation`, () => {
      fc.assert(fc.property(valid, (body) => {
        expect(outcome(validate(body))).toBe("accepted")
      }))
    })

    it(`${name}: invalidBody is refused naming exactly the broken fields`, () => {
      fc.assert(fc.property(Arb.invalidBody(valid), ({ body, brokenFields }) => {
        expect(brokenFields.length).toBeGreaterThan(0)
        const fields = outcome(validate(body))
        expect(fields).not.toBe("accepted")
        expect(new Set(fields)).toEqual(new Set(brokenFields))
      }))
    })
  }

  it("R2: invalidBody breaks several fields at once, and every one is reported", () => {
    fc.assert(fc.property(Arb.invalidBody(Arb.registerUserInput(), { minFields: 4 }), ({ body, brokenFields }) => {
      expect(brokenFields.length).toBeGreaterThanOrEqual(4)
      expect(new Set(outcome(registration(registerUserSchema("t.trueconf.com"))(body)))).toEqual(new Set(brokenFields))
    }))
  })

  it("R2: registerUserInput with a group's code types that code sloppily", () => {
    fc.assert(fc.property(
      Arb.displayedCorporateCode().chain((code) => Arb.registerUserInput({ withCode: code }).map((body) => ({ code, body }))),
      ({ body, code }) => {
        expect(normalizeCode(body.corporateCode ?? "")).toBe(code.replaceAll("-", ""))
      }
    ))
  })

  it("R2: index-suffixed registrations never collide on TrueConf ID or email, users and admins alike", () => {
    const indices = fc.uniqueArray(fc.nat(1_000), { minLength: 1, maxLength: 10 })
    fc.assert(fc.property(
      indices.chain((is) => fc.tuple(...is.map((index) => fc.tuple(Arb.registerUserInput({ index }), Arb.registerGroupInput({ index }))))),
      (pairs) => {
        const ids = pairs.map(([user]) => Arb.canonicalTrueconfId(user.trueconfId))
        const emails = pairs.flatMap(([user, group]) => [Arb.canonicalEmail(user.email), Arb.canonicalEmail(group.admin.email)])
        expect(new Set(ids).size).toBe(ids.length)
        expect(new Set(emails).size).toBe(emails.length)
      }
    ))
  })

  it("R31: permits span the tariff limits; point-to-point always has at least 2 participants", () => {
    fc.assert(fc.property(Arb.conferencePermitInput(), (body) => {
      if (body.kind === "point-to-point") expect(body.participants).toBeGreaterThanOrEqual(2)
    }))
    const sample = fc.sample(Arb.conferencePermitInput({ kind: "role-based" }), 500)
    expect(sample.some((body) => body.participants > 120)).toBe(true)
    expect(sample.some((body) => (body.presenters ?? 0) > 4)).toBe(true)
  })

  it("R2: invalidBody without a spec says so", () => {
    expect(() => Arb.invalidBody(Arb.seatChangeInput().map((body) => body))).toThrow(/spec/)
  })
})


/**
 * R18, R42: registering a group (POST /v1/groups, body
 * `{ name, seats, admin: { email, password, passwordConfirmation } }`)
 * creates its GroupAdmin and the group together, or nothing, and issues the
 * group's first invoice (seats × price for one period from now). 201
 * `{ group: { id, name, corporateCode, seats, members, status }, admin: { id, email }, invoice }`.
 *
 * Every invalid field is reported at once (`admin.email`, a mismatched
 * confirmation on `admin.passwordConfirmation`, …); then the email must be
 * unused by any account, user or admin (`email-taken`). The password is
 * hashed and the corporate code drawn (80 bits from the Entropy port) and
 * sealed before the transaction, which may be retried. The code is kept only
 * as a keyed lookup hash and a sealed copy (R15); the clear code is returned
 * once, in display form, and never written to an event.
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { EmailTaken } from "../errors/DomainErrors.js"
import type { GroupAdmin } from "../model/Accounts.js"
import type { Group } from "../model/Group.js"
import { Entropy } from "../ports/Entropy.js"
import { hashPassword } from "./support/Passwords.js"
import { Secrets } from "../ports/Secrets.js"
import { Store } from "../ports/Store.js"
import { groupStatus } from "../rules/GroupStatus.js"
import { firstInvoiceTerms } from "../rules/SeatChange.js"
import { corporateCodeFromBytes, displayCode } from "../values/CorporateCode.js"
import { Email } from "../values/Email.js"
import { GroupName } from "../values/GroupName.js"
import type { GroupAdminId, GroupId } from "../values/Ids.js"
import { money } from "../values/Money.js"
import { Password } from "../values/Password.js"
import { Seats } from "../values/Seats.js"
import { confirmationMatches, decodeInput, mergeValidation } from "../values/Validation.js"
import { invoiceIssued, issueInvoice, pricingOf } from "./support/Invoicing.js"
import { newId } from "./support/NewId.js"
import { record } from "./support/Record.js"
import { toInvoiceView } from "./support/Views.js"

export const RegisterGroupInput = Schema.Struct({
  name: GroupName,
  seats: Seats,
  admin: Schema.Struct({
    email: Email,
    password: Password,
    passwordConfirmation: Schema.String
  })
})
export type RegisterGroupInput = typeof RegisterGroupInput.Type

/** 10 bytes: 80 bits, at least the 64 R15 asks for. */
const CODE_BYTES = 10

const decode = decodeInput(RegisterGroupInput)

export const registerGroup = Effect.fn("registerGroup")(function*(input: unknown) {
  const [fields] = yield* mergeValidation(
    decode(input),
    confirmationMatches(input, "admin.password", "admin.passwordConfirmation")
  )
  const config = yield* DomainConfig
  const secrets = yield* Secrets
  // Slow or random work before the transaction, which may be retried.
  const passwordHash = yield* hashPassword(fields.admin.password)
  const code = corporateCodeFromBytes(yield* (yield* Entropy).bytes(CODE_BYTES))
  const storedCode = { lookupHash: yield* secrets.codeLookupHash(code), sealed: yield* secrets.sealCode(code) }
  const groupId = yield* newId<GroupId>()
  const adminId = yield* newId<GroupAdminId>()

  return yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    const now = yield* DateTime.now
    // R2: an email is unique among all accounts, users and admins alike.
    if (Option.isSome(yield* tx.accounts.findByEmail(fields.admin.email))) return yield* new EmailTaken()
    const group: Group = {
      id: groupId,
      name: fields.name,
      seats: fields.seats,
      members: 0,
      paidThrough: null,
      code: storedCode,
      phoneBalance: money(0, config.currency),
      createdAt: now
    }
    const admin: GroupAdmin = {
      kind: "group-admin",
      id: adminId,
      groupId,
      email: fields.admin.email,
      passwordHash,
      createdAt: now
    }
    yield* tx.groups.insert(group)
    yield* tx.admins.insert(admin)
    const invoice = yield* issueInvoice(tx, groupId, firstInvoiceTerms(group.seats, now, pricingOf(config)), now)
    const actor = { kind: "group-admin" as const, id: adminId }
    yield* record(tx, {
      type: "GroupRegistered",
      groupId,
      actor,
      target: { kind: "group", id: groupId },
      payload: { groupId, name: group.name, seats: group.seats, adminId }
    }, invoiceIssued(invoice, actor))
    return {
      group: {
        id: group.id,
        name: group.name,
        corporateCode: displayCode(code),
        seats: group.seats,
        members: group.members,
        status: groupStatus(group, now, config.gracePeriod)
      },
      admin: { id: admin.id, email: admin.email },
      invoice: toInvoiceView(invoice, now)
    }
  }))
})

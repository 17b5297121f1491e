/**
 * R15: the admin rotates the group's corporate code
 * (POST /v1/admin/group/code). The new code carries 80 bits from the Entropy
 * port (a CSPRNG); it is kept only as a keyed lookup hash and a sealed copy,
 * and replaces the old one in the same row, so the old code matches no group
 * from the moment this commits. The clear code is returned once, in display
 * form, and never written to an event.
 */
import { Effect } from "effect"
import { Entropy } from "../ports/Entropy.js"
import { Secrets } from "../ports/Secrets.js"
import { Store } from "../ports/Store.js"
import { corporateCodeFromBytes, displayCode } from "../values/CorporateCode.js"
import { loadGroup } from "./support/LoadGroup.js"
import { actorOf, type AdminPrincipal } from "./support/Principal.js"
import { record } from "./support/Record.js"

/** 10 bytes: 80 bits, at least the 64 R15 asks for. */
const CODE_BYTES = 10

export const rotateCode = Effect.fn("rotateCode")(function*(principal: AdminPrincipal) {
  const secrets = yield* Secrets
  // Drawn and sealed before the transaction, which may be retried.
  const code = corporateCodeFromBytes(yield* (yield* Entropy).bytes(CODE_BYTES))
  const stored = { lookupHash: yield* secrets.codeLookupHash(code), sealed: yield* secrets.sealCode(code) }
  yield* (yield* Store).transaction(Effect.fnUntraced(function*(tx) {
    const group = yield* loadGroup(tx, principal.groupId, { lock: true })
    yield* tx.groups.update({ ...group, code: stored })
    yield* record(tx, {
      type: "CodeRotated",
      groupId: group.id,
      actor: actorOf(principal),
      target: { kind: "group", id: group.id },
      payload: { groupId: group.id }
    })
  }))
  return { corporateCode: displayCode(code) }
})

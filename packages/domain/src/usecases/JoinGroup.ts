/**
 * R12: a signed-in user joins a group with its corporate code
 * (*Payment centre → Change tariff → Corporate → Join group*).
 */
import { DateTime, Effect, Schema } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { Secrets } from "../ports/Secrets.js"
import { Store } from "../ports/Store.js"
import { effectiveTariff } from "../rules/EffectiveTariff.js"
import { throttleKeys } from "../rules/Throttling.js"
import { CorporateCodeInput, normalizeCode } from "../values/CorporateCode.js"
import { decodeInput } from "../values/Validation.js"
import { countFailure, guard } from "./support/Guard.js"
import type { ClientInfo, UserPrincipal } from "./support/Principal.js"
import { redeemIn } from "./support/Redeem.js"

export const JoinGroupInput = Schema.Struct({ corporateCode: CorporateCodeInput })

/** Built once: every join decodes its body with it. */
const decodeJoinGroupInput = decodeInput(JoinGroupInput)

/**
 * Untraced, unlike most use cases: it runs on every request of its routes, and a
 * named `Effect.fn` costs a span and a captured stack on each call (about
 * 10 µs, measured), while no tracer is installed and a defect's log line
 * already names the request (its id and path).
 */
export const joinGroup = Effect.fnUntraced(function*(principal: UserPrincipal, input: unknown, client: ClientInfo) {
  const config = yield* DomainConfig
  const { throttle } = config
  const keys = [
    { key: throttleKeys.redemptionByAccount(principal.userId), limit: throttle.redemptionsPerAccount },
    { key: throttleKeys.redemptionByAddress(client.address), limit: throttle.redemptionsPerAddress }
  ]
  yield* guard(keys)
  const { corporateCode } = yield* decodeJoinGroupInput(input)
  const hash = yield* (yield* Secrets).codeLookupHash(normalizeCode(corporateCode))
  const group = yield* (yield* Store).transaction((tx) => redeemIn(tx, principal.userId, hash)).pipe(
    Effect.tapErrorTag("corporate-code-invalid", () => countFailure(keys))
  )
  const tariff = effectiveTariff(group, yield* DateTime.now, config.gracePeriod, config.tariffs)
  return { group: { id: group.id, name: group.name }, tariff }
})

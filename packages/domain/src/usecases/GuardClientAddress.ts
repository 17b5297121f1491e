/**
 * R15, API.md §5 Throttle: "a throttled client gets 429 before anything else of
 * that request is looked at", authentication included. A signed-in join is
 * throttled per account and per client address; the account key needs the
 * principal, so `joinGroup` checks both after authentication, but the address
 * key needs no account: a host calls this before it reads the token, so an
 * address over its limit is refused without its token (valid or not) being
 * looked at. It only reads the throttle; failures are counted by the use case.
 */
import { Effect } from "effect"
import { DomainConfig } from "../config/DomainConfig.js"
import { type ThrottleKey, throttleKeys } from "../rules/Throttling.js"
import { guard } from "./support/Guard.js"
import type { ClientInfo } from "./support/Principal.js"

/** The throttled operations of R15. */
export type ThrottledOperation = "sign-in" | "redemption"

/**
 * Untraced, unlike most use cases: it runs on every request of its routes, and a
 * named `Effect.fn` costs a span and a captured stack on each call (about
 * 10 µs, measured), while no tracer is installed and a defect's log line
 * already names the request (its id and path).
 */
export const guardClientAddress = Effect.fnUntraced(function*(
  operation: ThrottledOperation,
  client: ClientInfo
) {
  const { throttle } = yield* DomainConfig
  const key: ThrottleKey = operation === "sign-in"
    ? { key: throttleKeys.signInByAddress(client.address), limit: throttle.signInsPerAddress }
    : { key: throttleKeys.redemptionByAddress(client.address), limit: throttle.redemptionsPerAddress }
  yield* guard([key])
})

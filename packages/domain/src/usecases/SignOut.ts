/** API.md §1: sign-out (`DELETE /v1/sessions/current`) ends the token of the request, on every host. */
import { Effect } from "effect"
import { Store } from "../ports/Store.js"
import { actorOf, type Principal } from "./support/Principal.js"
import { record } from "./support/Record.js"

export const signOut = Effect.fn("signOut")(function*(principal: Principal) {
  yield* (yield* Store).transaction((tx) =>
    Effect.gen(function*() {
      yield* tx.sessions.delete(principal.sessionId)
      // Not a change of any group: never audited.
      yield* record(tx, {
        type: "SignedOut",
        groupId: null,
        actor: actorOf(principal),
        target: null,
        payload: { sessionId: principal.sessionId }
      })
    })
  )
})

/** Fresh UUIDv7 ids from the Clock and the Entropy port (values/Ids.ts). */
import { Clock, Effect } from "effect"
import { Entropy } from "../../ports/Entropy.js"
import { uuidV7 } from "../../values/Ids.js"

export const newId = <Id extends string>(): Effect.Effect<Id, never, Entropy> =>
  Effect.gen(function*() {
    const millis = yield* Clock.currentTimeMillis
    const random = yield* (yield* Entropy).bytes(16)
    return uuidV7(millis, random) as Id
  })

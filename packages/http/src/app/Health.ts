/**
 * API.md §2: `/healthz` says the process answers (for a liveness probe: never
 * touches the store, so a database outage does not get hosts restarted);
 * `/readyz` says the store answers, by running an empty transaction, so a load
 * balancer stops sending traffic to a host whose database is gone (503).
 */
import { Store } from "@corporate-groups/domain"
import { Duration, Effect, Exit } from "effect"
import type { RequestHandler } from "express"
import { encodeJson } from "../json/EncodeJson.js"
import type { Logger } from "../log/Logger.js"
import { problem, sendProblem } from "../problems/Problem.js"
import type { AppRuntime } from "../runtime/AppRuntime.js"
import { requestIdOf } from "../http/RequestLog.js"

/** A store slower than this to answer is not ready. */
export const READINESS_TIMEOUT = Duration.seconds(2)

const storeAnswers = Effect.gen(function*() {
  const store = yield* Store
  yield* store.transaction(() => Effect.void)
}).pipe(Effect.timeout(READINESS_TIMEOUT))

export const healthz: RequestHandler = (_req, res) => {
  res.status(200).type("application/json").send(encodeJson({ status: "ok" }))
}

export const readyz = (runtime: AppRuntime, logger: Logger): RequestHandler => async (_req, res) => {
  let exit: Exit.Exit<unknown, unknown>
  try {
    exit = await runtime.runPromiseExit(storeAnswers)
  } catch (error) {
    exit = Exit.die(error)
  }
  if (Exit.isSuccess(exit)) {
    res.status(200).type("application/json").send(encodeJson({ status: "ok" }))
    return
  }
  logger.warn("not ready", { requestId: requestIdOf(res) })
  sendProblem(res, problem("unavailable", { detail: "The store does not answer." }))
}

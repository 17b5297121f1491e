/**
 * The bridge from Express to a use case, through the one ManagedRuntime. In
 * API.md §5's order (routing, media type and size are done by then): the
 * per-address throttle of the route, authentication (both read at once, the
 * throttle's answer first), then the route's use case
 * (which checks the account kind, validates, and applies the rules). The
 * outcome is encoded once here: a success with its status, a domain error as
 * its problem, anything else (a defect) as a generic 500 whose cause goes to
 * the log only.
 */
import { authenticate, type DomainError, guardClientAddress } from "@corporate-groups/domain"
import { Cause, Effect, Exit, Option } from "effect"
import type { Request, RequestHandler, Response } from "express"
import { encodeJson, JSON_MEDIA_TYPE } from "../json/EncodeJson.js"
import type { Logger } from "../log/Logger.js"
import { internalError, problemOfError, sendProblem } from "../problems/Problem.js"
import { isProblemSlug } from "../problems/ProblemTypes.js"
import type { Reply, RequestInput, Route } from "../routes/Route.js"
import type { AppRuntime } from "../runtime/AppRuntime.js"
import { bearerToken } from "./BearerToken.js"
import { requestIdOf } from "./RequestLog.js"
import { sendJsonText } from "./SendJson.js"

export interface HandlerDeps {
  readonly runtime: AppRuntime
  readonly logger: Logger
}

const inputOf = (req: Request): RequestInput => ({
  body: req.body,
  query: req.query,
  params: req.params as Record<string, string>,
  // R15: the client address of the per-address throttles; `trust proxy` decides what req.ip believes.
  client: { address: req.ip ?? req.socket.remoteAddress ?? "unknown" },
  idempotencyKey: req.get("Idempotency-Key")
})

const isDomainError = (error: unknown): error is DomainError =>
  typeof error === "object" && error !== null && typeof (error as { _tag?: unknown })._tag === "string" &&
  isProblemSlug((error as { _tag: string })._tag)

export const sendReply = (res: Response, reply: Reply): void => {
  if (reply.body === undefined) {
    res.status(reply.status).end()
    return
  }
  sendJsonText(res, reply.status, JSON_MEDIA_TYPE, encodeJson(reply.body))
}

/** Sends the outcome of a use case; `Exit` failures that are not domain errors are defects. */
export const sendExit = (res: Response, exit: Exit.Exit<Reply, unknown>, logger: Logger): void => {
  if (Exit.isSuccess(exit)) return sendReply(res, exit.value)
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error) && isDomainError(error.value)) {
    if (error.value._tag === "unavailable") {
      logger.warn("unavailable", { requestId: requestIdOf(res), reason: error.value.reason })
    }
    return sendProblem(res, problemOfError(error.value))
  }
  logger.error("defect", { requestId: requestIdOf(res), cause: Cause.pretty(exit.cause) })
  sendProblem(res, internalError())
}

/**
 * API.md §5: an address over its limit gets 429, whatever its token is. The
 * address's throttle and the token's session are read at once, one round
 * trip instead of two after each other, and the throttle's answer is taken
 * first: when it refuses, the session's answer is dropped unseen, so a 429
 * says nothing about the token (and reading a session changes nothing).
 */
const principalOf = (route: Route, input: RequestInput, authorization: string | undefined) => {
  const principal = route.access === "public" ? Effect.succeed(null) : authenticate(bearerToken(authorization))
  if (route.throttle === undefined) return principal
  return Effect.all([guardClientAddress(route.throttle, input.client), Effect.result(principal)], { concurrency: "unbounded" })
    .pipe(Effect.flatMap(([, authenticated]) => Effect.fromResult(authenticated)))
}

export const routeHandler = (route: Route, { logger, runtime }: HandlerDeps): RequestHandler => async (req, res) => {
  const input = inputOf(req)
  const program = Effect.flatMap(principalOf(route, input, req.get("Authorization")), (principal) => route.run(principal, input))
  let exit: Exit.Exit<Reply, unknown>
  try {
    exit = await runtime.runPromiseExit(program)
  } catch (error) {
    exit = Exit.die(error)
  }
  sendExit(res, exit, logger)
}

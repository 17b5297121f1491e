/**
 * A route of API.md as data: method, path, who may call it, whether it reads a
 * body, which throttle guards it before authentication, the one use case it
 * calls, and its documentation. The same list drives Express's routing, the
 * 405 `Allow` header and the OpenAPI document, so they cannot disagree.
 * Handlers only pass the request's parts to the use case and say which status
 * the answer gets: no rule of SPEC.md is decided here.
 */
import {
  type AdminPrincipal,
  type ClientInfo,
  type DomainError,
  type Principal,
  requireAdmin,
  requireUser,
  type ThrottledOperation,
  Unauthenticated,
  type UserPrincipal
} from "@corporate-groups/domain"
import { Effect, type Schema } from "effect"
import type { ProblemSlug } from "../problems/ProblemTypes.js"
import type { AppServices } from "../storage/StorageLayer.js"

export type Method = "get" | "post" | "put" | "patch" | "delete"

/** What a handler may pass to a use case: the request's parts, undecoded. */
export interface RequestInput {
  /** The parsed JSON body (undefined when the route reads none). */
  readonly body: unknown
  readonly query: unknown
  readonly params: Readonly<Record<string, string>>
  readonly client: ClientInfo
  /** The `Idempotency-Key` header, as sent. */
  readonly idempotencyKey: string | undefined
}

export interface Reply {
  readonly status: number
  readonly body?: unknown
}

export type RouteEffect = Effect.Effect<Reply, DomainError, AppServices>

/** `signed-in`: either kind of account (the use case decides what an admin gets). */
export type Access = "public" | "user" | "group-admin" | "signed-in"

export interface ResponseDoc {
  readonly description: string
  readonly schema?: Schema.Top
}

export interface RouteDoc {
  readonly operationId: string
  readonly summary: string
  readonly tag: string
  readonly requestBody?: Schema.Top
  /** The list query `limit` and `cursor` (R16). */
  readonly paged?: boolean
  /** A payment: the `Idempotency-Key` header (R44). */
  readonly idempotent?: boolean
  readonly responses: Readonly<Record<number, ResponseDoc>>
  /** The route's own problems; those implied by access, body and throttle are added by the document. */
  readonly problems: ReadonlyArray<ProblemSlug>
}

export interface Route {
  readonly method: Method
  /** OpenAPI form, `/v1/admin/members/{userId}`. */
  readonly path: string
  readonly access: Access
  readonly takesBody: boolean
  /** R15: the per-address throttle checked before anything else of the request (API.md §5). */
  readonly throttle?: ThrottledOperation
  readonly run: (principal: Principal | null, input: RequestInput) => RouteEffect
  readonly doc: RouteDoc
}

type Spec<P> = Omit<Route, "access" | "run"> & {
  readonly run: (principal: P, input: RequestInput) => Effect.Effect<Reply, DomainError, AppServices>
}

const signedIn = (principal: Principal | null): Effect.Effect<Principal, Unauthenticated> =>
  principal === null ? Effect.fail(new Unauthenticated()) : Effect.succeed(principal)

export const publicRoute = (spec: Spec<null>): Route => ({ ...spec, access: "public", run: (_, input) => spec.run(null, input) })

export const signedInRoute = (spec: Spec<Principal>): Route => ({
  ...spec,
  access: "signed-in",
  run: (principal, input) => Effect.flatMap(signedIn(principal), (p) => spec.run(p, input))
})

/** R1: a User's route; an admin token is `forbidden`. */
export const userRoute = (spec: Spec<UserPrincipal>): Route => ({
  ...spec,
  access: "user",
  run: (principal, input) =>
    signedIn(principal).pipe(Effect.flatMap(requireUser), Effect.flatMap((user) => spec.run(user, input)))
})

/** R1: a GroupAdmin's route; a User token is `forbidden`. */
export const adminRoute = (spec: Spec<AdminPrincipal>): Route => ({
  ...spec,
  access: "group-admin",
  run: (principal, input) =>
    signedIn(principal).pipe(Effect.flatMap(requireAdmin), Effect.flatMap((admin) => spec.run(admin, input)))
})

const replyWith = (status: number) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Reply, E, R> =>
  Effect.map(effect, (body) => ({ status, body }))

export const ok = replyWith(200)
export const created = replyWith(201)
export const noContent = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Reply, E, R> =>
  Effect.as(effect, { status: 204 })

/** `/v1/x/{id}` → `/v1/x/:id`. */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ":$1")

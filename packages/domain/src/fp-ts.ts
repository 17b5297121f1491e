/**
 * `@corporate-groups/domain/fp-ts`: every use case as a `TaskEither` for
 * services written with fp-ts. Effect stays the model inside; this façade only
 * runs a use case on a `ManagedRuntime` built from the caller's adapters and
 * turns its typed failure into a `Left`. A defect (a bug, not a refusal)
 * still rejects the promise, as fp-ts expects of `Task`.
 *
 *     const runtime = ManagedRuntime.make(MemoryAdapters.layer())
 *     const domain = makeFpTsDomain(runtime)
 *     const result = await domain.joinGroup(principal, { corporateCode }, client)()
 */
import { Effect, type ManagedRuntime, Result } from "effect"
import * as E from "fp-ts/lib/Either.js"
import type { TaskEither } from "fp-ts/lib/TaskEither.js"
import * as usecases from "./usecases/index.js"

type AnyUseCase = (...args: any) => Effect.Effect<any, any, any>

/** The fp-ts shape of one use case: same arguments, a TaskEither of its error and value. */
export type AsTaskEither<F extends AnyUseCase> = (
  ...args: Parameters<F>
) => TaskEither<Effect.Error<ReturnType<F>>, Effect.Success<ReturnType<F>>>

export type FpTsDomain = { readonly [K in keyof typeof usecases]: AsTaskEither<(typeof usecases)[K]> }

export const toTaskEither = <R, F extends AnyUseCase>(
  runtime: ManagedRuntime.ManagedRuntime<R, unknown>,
  useCase: F
): AsTaskEither<F> =>
(...args) =>
() =>
  runtime.runPromise(Effect.result(useCase(...args) as Effect.Effect<unknown, unknown, R>)).then((result) =>
    Result.isSuccess(result) ? E.right(result.success) : E.left(result.failure)
  ) as never

/** Every use case of the domain over one runtime that provides all the ports. */
export const makeFpTsDomain = <R>(runtime: ManagedRuntime.ManagedRuntime<R, unknown>): FpTsDomain =>
  Object.fromEntries(
    Object.entries(usecases).map(([name, useCase]) => [name, toTaskEither(runtime, useCase as AnyUseCase)])
  ) as unknown as FpTsDomain

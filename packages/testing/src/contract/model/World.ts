/**
 * The real side of the model-based suite: one runtime over a fresh world of
 * the target, and the ids, codes and principals the commands refer to by
 * index. `call` runs a use case and reports its outcome as the error tag (or
 * "ok"), which is all the model predicts.
 */
import type { AdminPrincipal, Principal, UserPrincipal } from "@corporate-groups/domain"
import { authenticate, signIn } from "@corporate-groups/domain"
import { Effect, ManagedRuntime, Result } from "effect"
import type { TestServices } from "../../TestLayer.js"
import type { ContractTarget } from "../Target.js"

export type Outcome<A> = { readonly tag: "ok"; readonly value: A } | { readonly tag: string; readonly value?: undefined }

export interface RealGroup {
  readonly groupId: string
  readonly adminEmail: string
  readonly adminPassword: string
  readonly principal: AdminPrincipal
  /** Every code the group has had, oldest first; only the last one works (R15). */
  readonly codes: Array<string>
}

export interface RealUser {
  readonly userId: string
  readonly trueconfId: string
  readonly password: string
  readonly principal: UserPrincipal
}

export class World {
  readonly groups: Array<RealGroup> = []
  readonly users: Array<RealUser> = []
  private addresses = 0
  private constructor(readonly runtime: ManagedRuntime.ManagedRuntime<TestServices, unknown>) {}

  static open(target: ContractTarget): World {
    return new World(ManagedRuntime.make(target.layer()))
  }

  close(): Promise<void> {
    return this.runtime.dispose()
  }

  /** A client address never used before, so per-address throttles stay out of the way. */
  freshAddress(): { address: string } {
    this.addresses += 1
    return { address: `10.0.${Math.floor(this.addresses / 250)}.${this.addresses % 250}` }
  }

  run<A, E>(effect: Effect.Effect<A, E, TestServices>): Promise<A> {
    return this.runtime.runPromise(effect)
  }

  /** Runs a use case; a refusal becomes its tag, a defect fails the test. */
  async call<A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E, TestServices>): Promise<Outcome<A>> {
    const result = await this.runtime.runPromise(Effect.result(effect))
    return Result.isSuccess(result) ? { tag: "ok", value: result.success } : { tag: result.failure._tag }
  }

  /** Signs in and resolves the session to its principal, as a host would. */
  async principalOf(login: string, password: string, client: "app" | "cabinet"): Promise<Principal> {
    const session = await this.run(signIn({ login, password, client }, this.freshAddress()))
    return this.run(authenticate(session.token))
  }
}

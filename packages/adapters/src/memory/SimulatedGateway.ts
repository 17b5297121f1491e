/**
 * The `PaymentGateway` port, simulated as a card gateway with test tokens:
 * `tok_visa` is charged, `tok_chargeDeclined` is declined (`card_declined`).
 * Like every real gateway it dedups by `chargeKey` (R44): a second call with
 * the same key, even while the first is still running, gets the first
 * outcome and charges nothing. Its faults are scripted through
 * `SimulatedGatewayControl`. It answers; it never decides a rule.
 */
import { Context, Deferred, Duration, Effect, Exit, Layer } from "effect"
import { type ChargeRequest, type ChargeResult, PaymentGateway, Unavailable } from "@corporate-groups/domain"
import { type FailOptions, type SimulatedCharge, SimulatedGatewayControl } from "./SimulatedGatewayControl.js"

export const VISA = "tok_visa"
export const CHARGE_DECLINED = "tok_chargeDeclined"

export interface SimulatedGatewayOptions {
  /** An answer later than this is `Unavailable` with the card untouched. Default 30 seconds. */
  readonly timeout?: Duration.Input
  /** Initial latency of every charge. Default none. */
  readonly latency?: Duration.Input
}

export interface SimulatedGatewayHandle {
  readonly gateway: PaymentGateway["Service"]
  readonly control: SimulatedGatewayControl["Service"]
}

type Fault = "before-charge" | "after-charge"

/** Amount and method are what a gateway compares on a replayed key; the description is cosmetic. */
const sameRequest = (a: ChargeRequest, b: ChargeRequest): boolean =>
  a.amount.amount === b.amount.amount && a.amount.currency === b.amount.currency && a.paymentMethod === b.paymentMethod

const keyReused = (key: string) =>
  Effect.die(new Error(`simulated gateway: chargeKey ${key} reused with a different request (a gateway refuses this)`))

export const makeSimulatedGateway = (options: SimulatedGatewayOptions = {}) =>
  Effect.sync((): SimulatedGatewayHandle => {
    const timeout = Duration.fromInputUnsafe(options.timeout ?? Duration.seconds(30))
    let latency = Duration.fromInputUnsafe(options.latency ?? Duration.zero)
    const faults: Array<Fault> = []
    let gate: Deferred.Deferred<void> | null = null
    let held = 0
    let heldWaiters: Array<{ readonly n: number; readonly ready: Deferred.Deferred<void> }> = []
    const charges: Array<SimulatedCharge> = []
    const answered = new Map<string, SimulatedCharge>()
    const running = new Map<string, { readonly request: ChargeRequest; readonly outcome: Deferred.Deferred<ChargeResult, Unavailable> }>()

    const heldChanged = () => {
      heldWaiters = heldWaiters.filter(({ n, ready }) => n > held || !Deferred.doneUnsafe(ready, Effect.void))
    }

    const process = (request: ChargeRequest, fault: Fault | undefined) =>
      Effect.gen(function*() {
        if (gate !== null) {
          const wait = gate
          held++
          heldChanged()
          yield* Deferred.await(wait).pipe(Effect.ensuring(Effect.sync(() => void held--)))
        }
        if (Duration.toMillis(latency) > 0) yield* Effect.sleep(latency)
        if (fault === "before-charge") return yield* new Unavailable({ reason: "simulated gateway: outage" })
        const reference = `sim_ch_${charges.length + 1}`
        const result: ChargeResult = request.paymentMethod === VISA
          ? { status: "succeeded", gatewayReference: reference }
          : {
            status: "declined",
            gatewayReference: reference,
            reason: request.paymentMethod === CHARGE_DECLINED ? "card_declined" : "invalid_payment_method"
          }
        const charge = { request, result }
        charges.push(charge)
        answered.set(request.chargeKey, charge)
        if (fault === "after-charge") {
          return yield* new Unavailable({ reason: "simulated gateway: answer lost after the charge" })
        }
        return result
      })

    const charge = (request: ChargeRequest): Effect.Effect<ChargeResult, Unavailable> =>
      Effect.suspend(() => {
        const key = request.chargeKey
        const previous = answered.get(key)
        if (previous !== undefined) return sameRequest(previous.request, request) ? Effect.succeed(previous.result) : keyReused(key)
        const first = running.get(key)
        if (first !== undefined) return sameRequest(first.request, request) ? Deferred.await(first.outcome) : keyReused(key)
        const outcome = Deferred.makeUnsafe<ChargeResult, Unavailable>()
        running.set(key, { request, outcome })
        return process(request, faults.shift()).pipe(
          Effect.timeoutOrElse({
            duration: timeout,
            orElse: () => Effect.fail(new Unavailable({ reason: "simulated gateway: timed out" }))
          }),
          // Callers waiting on the same key must not hang or be interrupted
          // because the first caller was: they get an unknown outcome instead.
          Effect.onExit((exit) =>
            Effect.sync(() => {
              running.delete(key)
              Deferred.doneUnsafe(
                outcome,
                Exit.isSuccess(exit) || Exit.hasFails(exit)
                  ? exit
                  : Exit.fail(new Unavailable({ reason: "simulated gateway: the first request with this key was abandoned" }))
              )
            })
          )
        )
      })

    const control = SimulatedGatewayControl.of({
      failNext: (n: number, failOptions?: FailOptions) =>
        Effect.sync(() => {
          for (let i = 0; i < n; i++) faults.push(failOptions?.charged === true ? "after-charge" : "before-charge")
        }),
      setLatency: (input) => Effect.sync(() => void (latency = Duration.fromInputUnsafe(input))),
      hold: Effect.sync(() => void (gate ??= Deferred.makeUnsafe<void>())),
      release: Effect.sync(() => {
        if (gate !== null) Deferred.doneUnsafe(gate, Effect.void)
        gate = null
      }),
      awaitHeld: (n) =>
        Effect.suspend(() => {
          if (held >= n) return Effect.void
          const ready = Deferred.makeUnsafe<void>()
          heldWaiters.push({ n, ready })
          return Deferred.await(ready)
        }),
      charges: Effect.sync(() => [...charges])
    })

    return {
      gateway: PaymentGateway.of({ acceptsMethod: (method) => method === VISA || method === CHARGE_DECLINED, charge }),
      control
    }
  })

export const SimulatedGateway = {
  make: makeSimulatedGateway,
  /** A fresh gateway per build, with its control handle for tests. */
  layer: (options?: SimulatedGatewayOptions): Layer.Layer<PaymentGateway | SimulatedGatewayControl> =>
    Layer.effectContext(Effect.map(makeSimulatedGateway(options), ({ control, gateway }) =>
      Context.make(PaymentGateway, gateway).pipe(Context.add(SimulatedGatewayControl, control))))
} as const

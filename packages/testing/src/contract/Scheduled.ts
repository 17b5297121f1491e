/**
 * Hands the order of concurrent work to fast-check's scheduler: every store
 * transaction and every gateway charge first waits for a promise that
 * `fc.scheduler` releases in an order it picks (and shrinks). Wrapping the
 * ports, not the adapter, keeps this the same for every target.
 */
import { PaymentGateway, Store } from "@corporate-groups/domain"
import { Context, Effect, Layer } from "effect"
import type fc from "fast-check"
import type { TestServices } from "../TestLayer.js"

/** While `armed` is false (setting a scene up), work runs at once. */
export interface Gate {
  armed: boolean
}

const point = (s: fc.Scheduler, gate: Gate, label: string) =>
  Effect.suspend(() => gate.armed ? Effect.promise(() => s.schedule(Promise.resolve(label), label)) : Effect.void)

export const scheduled = (
  s: fc.Scheduler,
  gate: Gate,
  layer: Layer.Layer<TestServices, unknown>
): Layer.Layer<TestServices, unknown> =>
  Layer.effectContext(Effect.gen(function*() {
    const context = yield* Layer.build(layer)
    const store = Context.get(context, Store)
    const gateway = Context.get(context, PaymentGateway)
    return context.pipe(
      Context.add(Store, Store.of({
        transaction: (f) => Effect.andThen(point(s, gate, "transaction"), store.transaction(f))
      })),
      Context.add(PaymentGateway, PaymentGateway.of({
        acceptsMethod: gateway.acceptsMethod,
        charge: (request) => Effect.andThen(point(s, gate, "charge"), gateway.charge(request))
      }))
    )
  }))

/**
 * Randomness the domain draws on: corporate codes and session tokens must come
 * from a CSPRNG (R15, API.md §1); tests inject a seeded source to replay a run.
 */
import { Context, Effect, Layer } from "effect"

export class Entropy extends Context.Service<Entropy, {
  readonly bytes: (n: number) => Effect.Effect<Uint8Array>
}>()("@corporate-groups/domain/ports/Entropy") {
  /** Web Crypto's CSPRNG, available in every runtime the library targets. */
  static readonly layerCrypto = Layer.succeed(Entropy, Entropy.of({
    bytes: (n) => Effect.sync(() => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  }))
}

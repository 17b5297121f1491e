/**
 * Randomness the domain draws on: corporate codes and session tokens must come
 * from a CSPRNG (R15, API.md §1); tests inject a seeded source to replay a run.
 */
import { Context, Effect, Layer } from "effect"

/** Bytes drawn from the CSPRNG at a time; larger requests bypass the pool. */
const POOL_BYTES = 4096

/**
 * Web Crypto's CSPRNG, drawn a pool at a time: each `getRandomValues` call
 * costs a few microseconds whatever its size (every id of every request draws
 * 16 bytes), so 4 KiB are drawn at once and handed out in order, each byte
 * once, as Node does for `randomUUID`. Callers get copies, never the pool.
 */
const pooledRandomBytes = (): ((n: number) => Uint8Array) => {
  const pool = new Uint8Array(POOL_BYTES)
  let offset = POOL_BYTES
  return (n) => {
    if (n > POOL_BYTES) return globalThis.crypto.getRandomValues(new Uint8Array(n))
    if (offset + n > POOL_BYTES) {
      globalThis.crypto.getRandomValues(pool)
      offset = 0
    }
    const bytes = pool.slice(offset, offset + n)
    offset += n
    return bytes
  }
}

export class Entropy extends Context.Service<Entropy, {
  readonly bytes: (n: number) => Effect.Effect<Uint8Array>
}>()("@corporate-groups/domain/ports/Entropy") {
  /** Web Crypto's CSPRNG (pooled), available in every runtime the library targets. */
  static readonly layerCrypto = Layer.sync(Entropy, () => {
    const draw = pooledRandomBytes()
    return Entropy.of({ bytes: (n) => Effect.sync(() => draw(n)) })
  })
}

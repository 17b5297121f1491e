/**
 * The `PasswordHasher` port with scrypt from `node:crypto` (R5). Production
 * parameters are OWASP's minimum for scrypt (N=2^17, r=8, p=1). Hashes are
 * self-describing (`scrypt$N$r$p$salt$hash`) and `verify` reads the parameters
 * from the stored string, so parameters can be raised later without breaking
 * old hashes. The async `crypto.scrypt` runs on libuv's thread pool: a
 * 100 ms-class hash must not stall every other request on the event loop.
 * Shared by the memory and the Postgres adapters.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"
import { Effect, Layer } from "effect"
import { type PasswordHash, PasswordHasher } from "@corporate-groups/domain"

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number
  readonly r: number
  readonly p: number
}

/** OWASP Password Storage Cheat Sheet: the minimum for scrypt. */
export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

/** For tests only: about a hundred times cheaper, and far below any safe minimum. */
export const FAST_SCRYPT_FOR_TESTS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 }

const SALT_BYTES = 16
const KEY_BYTES = 32
/** Node refuses scrypt above `maxmem` (32 MiB by default, less than N=2^17 needs: 128·N·r = 128 MiB). */
const MIN_MAXMEM = 256 * 1024 * 1024
/** A stored string asking for more memory than this is refused rather than allowed to exhaust the host. */
const MAX_MEMORY = 1024 * 1024 * 1024

const isPowerOfTwo = (n: number) => Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0

const derive = (password: string, salt: Uint8Array, keyLength: number, { N, p, r }: ScryptParams) =>
  Effect.callback<Buffer>((resume) => {
    scrypt(password, salt, keyLength, { N, r, p, maxmem: Math.max(MIN_MAXMEM, 2 * 128 * N * r * p) }, (error, key) =>
      resume(error === null ? Effect.succeed(key) : Effect.die(error)))
  })

const format = ({ N, p, r }: ScryptParams, salt: Uint8Array, key: Uint8Array): PasswordHash =>
  `scrypt$${N}$${r}$${p}$${Buffer.from(salt).toString("base64")}$${Buffer.from(key).toString("base64")}` as PasswordHash

interface Parsed {
  readonly params: ScryptParams
  readonly salt: Buffer
  readonly key: Buffer
}

/** Anything that is not a hash this module could have written parses to null (and verifies false). */
const parse = (stored: string): Parsed | null => {
  const parts = stored.split("$")
  if (parts.length !== 6 || parts[0] !== "scrypt") return null
  const [N, r, p] = parts.slice(1, 4).map((part) => /^[1-9][0-9]{0,9}$/.test(part!) ? Number(part) : NaN) as [number, number, number]
  if (!isPowerOfTwo(N) || !(r >= 1 && r <= 64) || !(p >= 1 && p <= 16) || 128 * N * r * p > MAX_MEMORY) return null
  const salt = Buffer.from(parts[4]!, "base64")
  const key = Buffer.from(parts[5]!, "base64")
  if (salt.length < 8 || key.length < 16 || key.length > 128) return null
  return { params: { N, r, p }, salt, key }
}

const hashWith = (params: ScryptParams) => (password: string) =>
  Effect.suspend(() => {
    const salt = randomBytes(SALT_BYTES)
    return Effect.map(derive(password, salt, KEY_BYTES, params), (key) => format(params, salt, key))
  })

const verify = (password: string, stored: PasswordHash) =>
  Effect.suspend(() => {
    const parsed = parse(stored)
    if (parsed === null) return Effect.succeed(false)
    return Effect.map(
      derive(password, parsed.salt, parsed.key.length, parsed.params),
      (key) => timingSafeEqual(key, parsed.key)
    )
  })

export const makeScryptPasswordHasher = (params: ScryptParams = OWASP_SCRYPT) =>
  Effect.gen(function*() {
    const hash = hashWith(params)
    // Hashed once per layer, so a sign-in for an unknown account costs one
    // verify like any other (API.md §1), not a hash plus a verify.
    const decoy = yield* hash(randomBytes(32).toString("base64"))
    return PasswordHasher.of({ hash, verify, decoy })
  })

export const ScryptPasswordHasher = {
  make: makeScryptPasswordHasher,
  /** Production: OWASP's minimum parameters. Building it computes one hash (the decoy). */
  layer: Layer.effect(PasswordHasher, makeScryptPasswordHasher(OWASP_SCRYPT)),
  /** Tests only (N=2^10): hashes in about a millisecond; never use it for real passwords. */
  layerFast: Layer.effect(PasswordHasher, makeScryptPasswordHasher(FAST_SCRYPT_FOR_TESTS))
} as const

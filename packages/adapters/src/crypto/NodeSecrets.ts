/**
 * The `Secrets` port from `node:crypto` (R15, API.md §1). One 32-byte master
 * secret is stretched by HKDF into separate keys for looking codes up (HMAC)
 * and for sealing them (AES-256-GCM), so neither use can weaken the other.
 * A copy of the database without the master secret thus holds no working
 * code, and a sealed code that was tampered with never opens.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hash,
  hkdfSync,
  type KeyObject,
  randomBytes
} from "node:crypto"
import { Effect, Layer } from "effect"
import { Secrets } from "@corporate-groups/domain"

export const MASTER_KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const VERSION = "v1"

/**
 * A KeyObject, built once: handed a raw Buffer, `createHmac` and
 * `createCipheriv` import it into a new key object on every call, which made
 * one HMAC of a code cost about 7 times what it costs with a ready key.
 */
const subkey = (master: Uint8Array, purpose: string): KeyObject =>
  createSecretKey(Buffer.from(hkdfSync("sha256", master, "corporate-groups/secrets", purpose, 32)))

/** The one-shot `hash` skips the streaming Hash object that `createHash` builds per call. */
const sha256 = (text: string) => hash("sha256", text, "hex")

export const makeNodeSecrets = (masterKey: Uint8Array): Secrets["Service"] => {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new Error(`NodeSecrets: the master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.length}`)
  }
  const lookupKey = subkey(masterKey, "code-lookup/v1")
  const sealKey = subkey(masterKey, "code-seal/v1")

  const open = (sealed: string): string => {
    const parts = sealed.split(".")
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error("NodeSecrets: not a sealed code")
    const iv = Buffer.from(parts[1]!, "base64url")
    const tag = Buffer.from(parts[3]!, "base64url")
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error("NodeSecrets: not a sealed code")
    const decipher = createDecipheriv("aes-256-gcm", sealKey, iv, { authTagLength: TAG_BYTES })
    decipher.setAuthTag(tag)
    // `final` throws when the tag does not match: tampered, or sealed under another key.
    return Buffer.concat([decipher.update(Buffer.from(parts[2]!, "base64url")), decipher.final()]).toString("utf8")
  }

  return Secrets.of({
    codeLookupHash: (normalizedCode) =>
      Effect.sync(() => createHmac("sha256", lookupKey).update(normalizedCode, "utf8").digest("hex")),
    sealCode: (code) =>
      Effect.sync(() => {
        // A fresh random IV per seal: GCM breaks down if an IV ever repeats under one key.
        const iv = randomBytes(IV_BYTES)
        const cipher = createCipheriv("aes-256-gcm", sealKey, iv, { authTagLength: TAG_BYTES })
        const ciphertext = Buffer.concat([cipher.update(code, "utf8"), cipher.final()])
        return [VERSION, iv, ciphertext, cipher.getAuthTag()]
          .map((part) => typeof part === "string" ? part : part.toString("base64url"))
          .join(".")
      }),
    // A code that does not open means the database was altered or the key is
    // wrong: a defect to investigate, not something a caller can fix.
    openCode: (sealed) => Effect.sync(() => open(sealed)),
    tokenHash: (token) => Effect.sync(() => sha256(token)),
    digest: (text) => Effect.sync(() => sha256(text))
  })
}

/** Not a secret: only for tests, so their lookup hashes and sealed codes are reproducible. */
const TEST_MASTER_KEY = Uint8Array.from({ length: MASTER_KEY_BYTES }, (_, i) => i)

export const NodeSecrets = {
  make: makeNodeSecrets,
  /** Production: the master key comes from the host's configuration (32 random bytes). */
  layer: (masterKey: Uint8Array): Layer.Layer<Secrets> => Layer.sync(Secrets, () => makeNodeSecrets(masterKey)),
  /** A fresh random key per build: codes do not survive a restart, which suits tests and demos only. */
  layerRandom: Layer.sync(Secrets, () => makeNodeSecrets(randomBytes(MASTER_KEY_BYTES))),
  /** Tests only: a fixed, public key. */
  layerTest: Layer.sync(Secrets, () => makeNodeSecrets(TEST_MASTER_KEY))
} as const

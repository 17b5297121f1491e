/**
 * R15: codes are looked up by a keyed hash and shown from an authenticated
 * encryption; session tokens are stored hashed (API.md §1).
 */
import { createHash, randomBytes } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Secrets } from "@corporate-groups/domain"
import { Effect } from "effect"
import { makeNodeSecrets, NodeSecrets } from "../src/crypto/NodeSecrets.js"
import { defectOf } from "./support.js"

const CODE = "7K3QH-9XW2M-PA4TZ-C8R1D"

/** Flips one character of the middle of a base64url part, keeping it valid base64url. */
const flip = (sealed: string, part: number): string => {
  const parts = sealed.split(".")
  const text = parts[part]!
  const i = Math.floor(text.length / 2)
  parts[part] = text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1)
  return parts.join(".")
}

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex")

describe("NodeSecrets", () => {
  it.effect("R15: a sealed code opens to itself, and sealing twice gives different ciphertexts", () =>
    Effect.gen(function*() {
      const secrets = yield* Secrets
      const a = yield* secrets.sealCode(CODE)
      const b = yield* secrets.sealCode(CODE)
      assert.match(a, /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/)
      assert.notStrictEqual(a, b)
      assert.strictEqual(yield* secrets.openCode(a), CODE)
      assert.strictEqual(yield* secrets.openCode(b), CODE)
      assert.notInclude(a, CODE)
    }).pipe(Effect.provide(NodeSecrets.layerRandom)))

  it.effect("R15: a tampered or foreign sealed code never opens (a defect)", () =>
    Effect.gen(function*() {
      const secrets = yield* Secrets
      const sealed = yield* secrets.sealCode(CODE)
      for (const bad of [flip(sealed, 1), flip(sealed, 2), flip(sealed, 3), sealed.replace("v1.", "v2."), "v1.abc", CODE]) {
        assert.isDefined(defectOf(yield* Effect.exit(secrets.openCode(bad))), bad)
      }
      const other = makeNodeSecrets(randomBytes(32))
      assert.isDefined(defectOf(yield* Effect.exit(other.openCode(sealed))))
    }).pipe(Effect.provide(NodeSecrets.layerRandom)))

  it.effect("R15: the lookup hash is deterministic under one key and differs under another", () =>
    Effect.gen(function*() {
      const one = makeNodeSecrets(new Uint8Array(32).fill(1))
      const two = makeNodeSecrets(new Uint8Array(32).fill(2))
      const h = yield* one.codeLookupHash("7K3QH9XW2MPA4TZC8R1D")
      assert.match(h, /^[0-9a-f]{64}$/)
      assert.strictEqual(yield* one.codeLookupHash("7K3QH9XW2MPA4TZC8R1D"), h)
      assert.notStrictEqual(yield* two.codeLookupHash("7K3QH9XW2MPA4TZC8R1D"), h)
      assert.notStrictEqual(yield* one.codeLookupHash("7K3QH9XW2MPA4TZC8R1E"), h)
      // Keyed: not the plain SHA-256 that anyone could compute from a guessed code.
      assert.notStrictEqual(h, createHash("sha256").update("7K3QH9XW2MPA4TZC8R1D").digest("hex"))
    }))

  it.effect("session token hashes and request digests are SHA-256 in hex", () =>
    Effect.gen(function*() {
      const secrets = yield* Secrets
      assert.strictEqual(yield* secrets.tokenHash("token"), sha("token"))
      assert.strictEqual(yield* secrets.digest("{\"a\":1}"), sha("{\"a\":1}"))
    }).pipe(Effect.provide(NodeSecrets.layerTest)))

  it.effect("the test key is fixed, so lookup hashes are reproducible across builds", () =>
    Effect.gen(function*() {
      const lookup = Effect.flatMap(Secrets, (secrets) => secrets.codeLookupHash("X"))
      const first = yield* Effect.provide(lookup, NodeSecrets.layerTest)
      const second = yield* Effect.provide(lookup, NodeSecrets.layerTest)
      assert.strictEqual(first, second)
    }))

  it("a master key of the wrong length is refused", () => {
    assert.throws(() => makeNodeSecrets(new Uint8Array(16)), /32 bytes/)
  })
})

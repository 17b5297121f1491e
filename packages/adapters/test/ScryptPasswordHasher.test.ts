/** R5: passwords are kept as a self-describing scrypt hash and verified in constant time. */
import { assert, describe, it } from "@effect/vitest"
import { type PasswordHash, PasswordHasher } from "@corporate-groups/domain"
import { Effect } from "effect"
import {
  FAST_SCRYPT_FOR_TESTS,
  makeScryptPasswordHasher,
  OWASP_SCRYPT,
  ScryptPasswordHasher
} from "../src/crypto/ScryptPasswordHasher.js"

describe("ScryptPasswordHasher", () => {
  it.effect("R5: a hash verifies its password and refuses any other", () =>
    Effect.gen(function*() {
      const hasher = yield* PasswordHasher
      const hash = yield* hasher.hash("correct horse battery staple")
      assert.isTrue(yield* hasher.verify("correct horse battery staple", hash))
      assert.isFalse(yield* hasher.verify("correct horse battery stapl", hash))
      assert.isFalse(yield* hasher.verify("correct horse battery staple ", hash))
      assert.isFalse(yield* hasher.verify("", hash))
    }).pipe(Effect.provide(ScryptPasswordHasher.layerFast)))

  it.effect("R5: the same password hashes differently each time (a random salt)", () =>
    Effect.gen(function*() {
      const hasher = yield* PasswordHasher
      assert.notStrictEqual(yield* hasher.hash("same password 1"), yield* hasher.hash("same password 1"))
    }).pipe(Effect.provide(ScryptPasswordHasher.layerFast)))

  it.effect("R5: long and non-ASCII passwords are never truncated", () =>
    Effect.gen(function*() {
      const hasher = yield* PasswordHasher
      const long = "пароль-🔑-".repeat(12)
      const hash = yield* hasher.hash(long)
      assert.isTrue(yield* hasher.verify(long, hash))
      assert.isFalse(yield* hasher.verify(long.slice(0, -1), hash))
    }).pipe(Effect.provide(ScryptPasswordHasher.layerFast)))

  it.effect("R5: production hashes are self-describing with OWASP's minimum parameters", () =>
    Effect.gen(function*() {
      const hasher = yield* PasswordHasher
      const hash = yield* hasher.hash("correct horse battery staple")
      assert.match(hash, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/)
      assert.isTrue(yield* hasher.verify("correct horse battery staple", hash))
      assert.isTrue(OWASP_SCRYPT.N >= 2 ** 17 && OWASP_SCRYPT.r >= 8 && OWASP_SCRYPT.p >= 1)
    }).pipe(Effect.provide(ScryptPasswordHasher.layer)), 30_000)

  it.effect("R5: verify reads the parameters from the stored hash, so they can be raised later", () =>
    Effect.gen(function*() {
      const weak = yield* makeScryptPasswordHasher(FAST_SCRYPT_FOR_TESTS)
      const stronger = yield* makeScryptPasswordHasher({ N: 2 ** 11, r: 8, p: 2 })
      const old = yield* weak.hash("a password of 2019")
      assert.match(old, /^scrypt\$1024\$8\$1\$/)
      assert.isTrue(yield* stronger.verify("a password of 2019", old))
      assert.match(yield* stronger.hash("x".repeat(12)), /^scrypt\$2048\$8\$2\$/)
    }))

  it.effect("R5: malformed or unknown stored strings verify false, never throw", () =>
    Effect.gen(function*() {
      const hasher = yield* makeScryptPasswordHasher(FAST_SCRYPT_FOR_TESTS)
      const good = yield* hasher.hash("some password!")
      const [, N, r, p, salt, key] = good.split("$")
      for (
        const bad of [
          "",
          "bcrypt$2b$10$abc",
          `scrypt$${N}$${r}$${p}$${salt}`,
          `scrypt$1000$${r}$${p}$${salt}$${key}`,
          `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`,
          `scrypt$${N}$${r}$${p}$$${key}`,
          `argon2id$${N}$${r}$${p}$${salt}$${key}`
        ]
      ) {
        assert.isFalse(yield* hasher.verify("some password!", bad as PasswordHash), bad)
      }
    }))

  it.effect("R5: the decoy is a valid hash that no password matches", () =>
    Effect.gen(function*() {
      const hasher = yield* PasswordHasher
      assert.match(hasher.decoy, /^scrypt\$1024\$/)
      assert.isFalse(yield* hasher.verify("password1234", hasher.decoy))
    }).pipe(Effect.provide(ScryptPasswordHasher.layerFast)))
})

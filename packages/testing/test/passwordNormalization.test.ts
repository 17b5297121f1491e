/**
 * R5: a password is the same whatever Unicode form the keyboard sent: "é" as
 * one code point (NFC) or as "e" plus a combining accent (NFD).
 */
import { registerUser, signIn } from "@corporate-groups/domain"
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { TestLayer } from "../src/TestLayer.js"

const composed = "café-au-lait-déjà-vu"
const decomposed = composed.normalize("NFD")

describe("password normalisation", () => {
  it("R5: a password registered in NFC signs in when typed in NFD, and the reverse", async () => {
    expect(decomposed).not.toBe(composed)
    const outcome = await Effect.runPromise(Effect.gen(function*() {
      yield* registerUser({
        trueconfId: "anna", email: "anna@example.com", password: composed, passwordConfirmation: composed,
        firstName: "Anna", lastName: "Ivanova", country: "RU"
      }, { address: "10.0.0.1" })
      const nfd = yield* Effect.result(signIn({ login: "anna", password: decomposed, client: "app" }, { address: "10.0.0.2" }))
      const wrong = yield* Effect.result(signIn({ login: "anna", password: `${composed}x`, client: "app" }, { address: "10.0.0.3" }))
      return { nfd: Result.isSuccess(nfd), wrong: Result.isFailure(wrong) ? wrong.failure._tag : "ok" }
    }).pipe(Effect.provide(TestLayer.memory())))
    expect(outcome).toEqual({ nfd: true, wrong: "invalid-credentials" })
  })
})

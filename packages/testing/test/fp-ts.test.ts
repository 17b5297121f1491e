/**
 * `@corporate-groups/domain/fp-ts`: the use cases as TaskEithers, for services
 * written with fp-ts. A refusal is a Left carrying the domain error's tag.
 */
import { makeFpTsDomain } from "@corporate-groups/domain/fp-ts"
import { ManagedRuntime } from "effect"
import * as E from "fp-ts/lib/Either.js"
import { afterAll, describe, expect, it } from "vitest"
import { TestLayer } from "../src/TestLayer.js"

const runtime = ManagedRuntime.make(TestLayer.memory())
const domain = makeFpTsDomain(runtime)
afterAll(() => runtime.dispose())

const group = {
  name: "Acme",
  seats: 2,
  admin: { email: "admin@acme.example", password: "admin-password-1", passwordConfirmation: "admin-password-1" }
}

describe("fp-ts façade", () => {
  it("R18: a use case that succeeds is a Right", async () => {
    const result = await domain.registerGroup(group)()
    expect(E.isRight(result)).toBe(true)
    if (E.isRight(result)) expect(result.right.group.status).toBe("pending-payment")
  })

  it("R2: a refusal is a Left with the domain error and its fields", async () => {
    const result = await domain.registerGroup({ ...group, seats: 0, admin: { ...group.admin, email: "nope" } })()
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result)) {
      expect(result.left._tag).toBe("validation-failed")
      const fields = result.left._tag === "validation-failed" ? result.left.errors.map((e) => e.field) : []
      expect(fields).toEqual(expect.arrayContaining(["seats", "admin.email"]))
    }
  })

  it("R2: the email is unique among all accounts, reported as a Left", async () => {
    const result = await domain.registerGroup(group)()
    expect(E.isLeft(result) && result.left._tag).toBe("email-taken")
  })

  it("exposes every use case", () => {
    expect(Object.keys(domain).length).toBeGreaterThanOrEqual(28)
    for (const useCase of Object.values(domain)) expect(typeof useCase).toBe("function")
  })
})

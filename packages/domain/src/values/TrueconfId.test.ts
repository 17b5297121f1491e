import { Effect, Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DEFAULT_SERVICE_DOMAIN, normalizeLogin, TrueconfId, trueconfIdSchema } from "./TrueconfId.js"
import { decodeInput } from "./Validation.js"

const decode = Schema.decodeUnknownSync(trueconfIdSchema(DEFAULT_SERVICE_DOMAIN))
const errorsOf = (input: unknown, domain = DEFAULT_SERVICE_DOMAIN) => {
  const result = Effect.runSync(Effect.result(decodeInput(trueconfIdSchema(domain), { field: "trueconfId" })(input)))
  return Result.isFailure(result) ? result.failure.errors : []
}

const login = fc.tuple(
  fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"),
  fc.stringMatching(/^[a-z0-9._-]{1,63}$/)
).map(([first, rest]) => first + rest)

const upperSome = (s: string, mask: ReadonlyArray<boolean>) =>
  [...s].map((c, i) => (mask[i % Math.max(mask.length, 1)] ? c.toUpperCase() : c)).join("")

describe("TrueconfId", () => {
  it("R2: every valid login decodes, bare or full, to login@domain", () => {
    fc.assert(fc.property(login, fc.boolean(), (name, full) => {
      const id = decode(full ? `${name}@${DEFAULT_SERVICE_DOMAIN}` : name)
      expect(id).toBe(`${name}@${DEFAULT_SERVICE_DOMAIN}`)
      expect(Schema.is(TrueconfId)(id)).toBe(true)
    }))
  })

  it("R2: input is trimmed and case-folded", () => {
    fc.assert(fc.property(login, fc.array(fc.boolean(), { minLength: 1 }), fc.boolean(), (name, mask, full) => {
      const typed = upperSome(full ? `${name}@${DEFAULT_SERVICE_DOMAIN}` : name, mask)
      expect(decode(`  ${typed}\t`)).toBe(`${name}@${DEFAULT_SERVICE_DOMAIN}`)
    }))
    expect(decode("Alice@T.TrueConf.com")).toBe("alice@t.trueconf.com")
  })

  it("R2: the domain is configuration", () => {
    expect(Schema.decodeUnknownSync(trueconfIdSchema("Video.Example.org"))("bob")).toBe("bob@video.example.org")
    expect(errorsOf("bob@t.trueconf.com", "video.example.org")).toEqual([
      { field: "trueconfId", message: "must be on video.example.org" }
    ])
  })

  it("R2: another domain is refused", () => {
    fc.assert(fc.property(login, fc.domain().filter((d) => d !== DEFAULT_SERVICE_DOMAIN), (name, domain) => {
      expect(errorsOf(`${name}@${domain}`)).toEqual([{ field: "trueconfId", message: `must be on ${DEFAULT_SERVICE_DOMAIN}` }])
    }))
  })

  it("R2: a login must be 2–64 of a-z 0-9 . _ - starting with a letter or digit", () => {
    for (const bad of ["a", "a".repeat(65), ".abc", "_abc", "-abc", "ab c", "ab+c", "ab@cd@t.trueconf.com", "", "   ", "юзер"]) {
      expect(errorsOf(bad)).toHaveLength(1)
    }
    for (const good of ["ab", "a".repeat(64), "0day", "j.doe_1-x", "a."]) {
      expect(errorsOf(good)).toEqual([])
    }
    expect(errorsOf(42)).toEqual([{ field: "trueconfId", message: "must be a string" }])
  })
})

describe("normalizeLogin", () => {
  it("R5: a bare login or a full TrueConf ID, in any case, is looked up as the TrueConf ID", () => {
    fc.assert(fc.property(login, fc.array(fc.boolean(), { minLength: 1 }), fc.boolean(), (name, mask, full) => {
      const typed = upperSome(full ? `${name}@${DEFAULT_SERVICE_DOMAIN}` : name, mask)
      expect(normalizeLogin(` ${typed} `, DEFAULT_SERVICE_DOMAIN)).toEqual({
        kind: "trueconf-id",
        value: decode(typed)
      })
    }))
  })

  it("R5: any other address is looked up as an email, lower-cased", () => {
    expect(normalizeLogin(" Ann@Example.COM ")).toEqual({ kind: "email", value: "ann@example.com" })
    fc.assert(fc.property(fc.emailAddress(), (email) => {
      fc.pre(!email.toLowerCase().endsWith(`@${DEFAULT_SERVICE_DOMAIN}`))
      expect(normalizeLogin(email.toUpperCase())).toEqual({ kind: "email", value: email.toLowerCase() })
    }))
  })

  it("R5: the service domain is configuration", () => {
    expect(normalizeLogin("Bob", "Video.Example.org")).toEqual({ kind: "trueconf-id", value: "bob@video.example.org" })
    expect(normalizeLogin("bob@t.trueconf.com", "video.example.org")).toEqual({ kind: "email", value: "bob@t.trueconf.com" })
  })
})

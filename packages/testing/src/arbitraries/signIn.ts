/**
 * R4, R5, API.md §1: the body of `POST /v1/sessions`: a login (a TrueConf ID,
 * bare or full, or an email, in any case), a password (any string: the policy
 * applies when one is set, not when it is typed) and the client (`app` or
 * `cabinet`). Given an account's login, it is typed the ways a person would.
 */
import { DEFAULT_SERVICE_DOMAIN, type SignInInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, required, withSpec } from "./body.js"
import { email } from "./email.js"
import { wrongType } from "./invalid.js"
import { password as anyPassword } from "./password.js"
import { padded, randomCase } from "./text.js"
import { trueconfId } from "./trueconfId.js"

export type SignInBody = Conforms<{
  readonly login: string
  readonly password: string
  readonly client: "app" | "cabinet"
}, typeof SignInInput.Encoded>

export interface SignInOptions {
  /** The configured service domain; default `t.trueconf.com`. */
  readonly serviceDomain?: string
  /** An account's stored TrueConf ID or email; default a random TrueConf ID or email. */
  readonly login?: string
  /** Default a random valid password. */
  readonly password?: string
  /** Default either. */
  readonly client?: "app" | "cabinet"
}

/** The ways a person types `stored`: any case, spaces around, and a TrueConf ID on the service domain also bare. */
export const loginFormsOf = (stored: string, serviceDomain: string = DEFAULT_SERVICE_DOMAIN): fc.Arbitrary<string> => {
  const suffix = `@${serviceDomain.toLowerCase()}`
  const forms = stored.toLowerCase().endsWith(suffix) ? [stored, stored.slice(0, -suffix.length)] : [stored]
  return padded(randomCase(fc.constantFrom(...forms)))
}

/** A sign-in request; the domain's `SignInInput` decodes it. */
export const signInInput = (
  { client, login, password, serviceDomain = DEFAULT_SERVICE_DOMAIN }: SignInOptions = {}
): BodyArbitrary<SignInBody> =>
  withSpec(
    fc.record({
      login: login === undefined ? fc.oneof(trueconfId({ serviceDomain }), email()) : loginFormsOf(login, serviceDomain),
      password: password === undefined ? anyPassword() : fc.constant(password),
      client: client === undefined ? fc.constantFrom("app" as const, "cabinet" as const) : fc.constant(client)
    }),
    {
      fields: {
        login: required(wrongType("string")),
        password: required(wrongType("string")),
        client: required(fc.oneof(fc.constantFrom("web", "App", "CABINET", "", "mobile", "admin"), wrongType("string")))
      }
    }
  )

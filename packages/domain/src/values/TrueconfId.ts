/**
 * R2, R5: a TrueConf ID is `login@<service domain>`, stored lower-case. The
 * domain is configuration, so the input schema is made from it: a bare login
 * gets the domain, a full id on another domain is refused. Sign-in also takes
 * an email, told apart by its domain.
 */
import { Schema, SchemaGetter } from "effect"

export const DEFAULT_SERVICE_DOMAIN = "t.trueconf.com"

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,63}$/
const LOGIN_MESSAGE = "login must be 2 to 64 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"

const split = (id: string): readonly [login: string, domain: string] => {
  const at = id.lastIndexOf("@")
  return [id.slice(0, at), id.slice(at + 1)]
}

const canonical = (serviceDomain: string | undefined) =>
  Schema.makeFilter<string>((id) => {
    if (!id.includes("@")) return "must be login@domain"
    const [login, domain] = split(id)
    if (serviceDomain !== undefined && domain !== serviceDomain) return `must be on ${serviceDomain}`
    if (serviceDomain === undefined && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return "must be login@domain"
    return LOGIN.test(login) ? undefined : LOGIN_MESSAGE
  })

/** A stored TrueConf ID, on whatever domain was configured when it was made. */
export const TrueconfId = Schema.String.pipe(Schema.check(canonical(undefined)), Schema.brand("TrueconfId"))
export type TrueconfId = typeof TrueconfId.Type

const fold = (input: string): string => input.trim().toLowerCase()

/** Decodes user input: trimmed, lower-cased, completed with the service domain. */
export const trueconfIdSchema = (serviceDomain: string = DEFAULT_SERVICE_DOMAIN) => {
  const domain = fold(serviceDomain)
  return Schema.String.pipe(
    Schema.decodeTo(Schema.String.pipe(Schema.check(canonical(domain)), Schema.brand("TrueconfId")), {
      decode: SchemaGetter.transform((input: string) => {
        const id = fold(input)
        return id.includes("@") ? id : `${id}@${domain}`
      }),
      encode: SchemaGetter.passthrough()
    })
  )
}

/** What a sign-in login names: an account by TrueConf ID, or by email. */
export type LoginLookup =
  | { readonly kind: "trueconf-id"; readonly value: string }
  | { readonly kind: "email"; readonly value: string }

/**
 * R5: a bare login or a full TrueConf ID (any case) is looked up as a TrueConf
 * ID; any other address with `@` as an email. The value is not validated: a
 * malformed login simply finds no account.
 */
export const normalizeLogin = (input: string, serviceDomain: string = DEFAULT_SERVICE_DOMAIN): LoginLookup => {
  const domain = fold(serviceDomain)
  const login = fold(input)
  if (!login.includes("@")) return { kind: "trueconf-id", value: `${login}@${domain}` }
  return split(login)[1] === domain ? { kind: "trueconf-id", value: login } : { kind: "email", value: login }
}

/**
 * The steps of the README's tour, as test helpers: register a group, sign its
 * admin in, pay the first invoice, register users with the code, sign them in.
 */
import { assert } from "vitest"
import type { Client } from "./Client.js"

export const PASSWORD = "correct horse battery staple"

let counter = 0
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`

export interface Admin {
  readonly token: string
  readonly email: string
  readonly groupId: string
  readonly code: string
  readonly firstInvoiceId: string
}

export interface Member {
  readonly token: string
  readonly id: string
  readonly trueconfId: string
  readonly email: string
}

export const signIn = async (client: Client, login: string, app: "app" | "cabinet" = "cabinet"): Promise<string> => {
  const response = await client("POST", "/v1/sessions", { body: { login, password: PASSWORD, client: app } })
  assert.strictEqual(response.status, 201, response.text)
  return response.body.token as string
}

export const registerGroup = async (client: Client, options: { seats?: number; pay?: boolean } = {}): Promise<Admin> => {
  const email = `${unique("admin")}@example.com`
  const response = await client("POST", "/v1/groups", {
    body: { name: "Acme", seats: options.seats ?? 5, admin: { email, password: PASSWORD, passwordConfirmation: PASSWORD } }
  })
  assert.strictEqual(response.status, 201, response.text)
  const token = await signIn(client, email)
  const admin = {
    token,
    email,
    groupId: response.body.group.id,
    code: response.body.group.corporateCode,
    firstInvoiceId: response.body.invoice.id
  }
  if (options.pay ?? true) await pay(client, admin, admin.firstInvoiceId)
  return admin
}

export const pay = async (client: Client, admin: Admin, invoiceId: string, method = "tok_visa") => {
  const response = await client("POST", `/v1/admin/invoices/${invoiceId}/payments`, {
    token: admin.token,
    headers: { "Idempotency-Key": unique("key") },
    body: { paymentMethod: method }
  })
  assert.strictEqual(response.status, 201, response.text)
  return response
}

export const registrationBody = (extra: Record<string, unknown> = {}) => {
  const login = unique("user")
  return {
    trueconfId: login,
    email: `${login}@example.com`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    firstName: "Ada",
    lastName: unique("Lovelace"),
    country: "gb",
    ...extra
  }
}

export const registerUser = async (client: Client, code?: string): Promise<Member> => {
  const body = registrationBody(code === undefined ? {} : { corporateCode: code })
  const response = await client("POST", "/v1/users", { body })
  assert.strictEqual(response.status, 201, response.text)
  const token = await signIn(client, body.email)
  return { token, id: response.body.user.id, trueconfId: response.body.user.trueconfId, email: body.email }
}

export const topUp = async (client: Client, admin: Admin, amount: number) => {
  const response = await client("POST", "/v1/admin/phone-balance/top-ups", {
    token: admin.token,
    headers: { "Idempotency-Key": unique("key") },
    body: { amount: { amount, currency: "RUB" }, paymentMethod: "tok_visa" }
  })
  assert.strictEqual(response.status, 201, response.text)
  return response
}

export const uniqueKey = () => unique("key")

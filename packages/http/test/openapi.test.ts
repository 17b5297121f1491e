/**
 * API.md §2 and §5 *OpenAPI*: `/openapi.json` is an OpenAPI 3.1 document of
 * every route of API.md except `/openapi.json` and `/docs`, with request
 * bodies, responses and problem responses, and every `$ref` resolves; `/docs`
 * renders it with assets served by this host (no CDN).
 */
import { assert, afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Client, clientOf } from "./support/Client.js"
import { startTestServer, type TestServer } from "./support/TestServer.js"

/** Every route of API.md §1–§3, as the contract lists them. */
const API_MD_ROUTES = [
  "post /v1/sessions", "delete /v1/sessions/current",
  "post /v1/users", "post /v1/groups", "get /healthz", "get /readyz",
  "get /v1/me", "patch /v1/me", "put /v1/me/password", "post /v1/me/group", "delete /v1/me/group",
  "get /v1/me/address-book", "post /v1/me/conference-permits", "post /v1/me/phone-calls",
  "get /v1/admin/group", "patch /v1/admin/group", "post /v1/admin/group/code", "put /v1/admin/password",
  "get /v1/admin/members", "post /v1/admin/members", "delete /v1/admin/members/{userId}", "put /v1/admin/seats",
  "post /v1/admin/renewals", "get /v1/admin/invoices", "get /v1/admin/invoices/{invoiceId}",
  "post /v1/admin/invoices/{invoiceId}/payments", "get /v1/admin/payments", "get /v1/admin/audit",
  "get /v1/admin/phone-balance", "post /v1/admin/phone-balance/top-ups"
]

let server: TestServer
let client: Client
let document: any

beforeAll(async () => {
  server = await startTestServer()
  client = clientOf(server.url)
  document = (await client("GET", "/openapi.json")).body
})
afterAll(() => server.close())

const operations = (): Array<[string, any]> =>
  Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => [`${method} ${path}`, operation] as [string, any])
  )

describe("API.md §5 OpenAPI", () => {
  it("is OpenAPI 3.1 with exactly the routes of API.md", () => {
    expect(document.openapi).toBe("3.1.0")
    expect(operations().map(([key]) => key).toSorted()).toEqual([...API_MD_ROUTES].toSorted())
  })

  it("documents request bodies, success responses and problem responses", () => {
    const register = document.paths["/v1/users"].post
    expect(register.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["trueconfId", "email", "password", "passwordConfirmation", "firstName", "lastName", "country"])
    )
    expect(register.responses["201"].content["application/json"].schema).toBeDefined()
    expect(register.responses["409"].description).toContain("/problems/email-taken")
    expect(register.responses["422"].description).toContain("/problems/corporate-code-invalid")
    expect(register.responses["422"].content["application/problem+json"].schema.$ref).toBe("#/components/schemas/Problem")
    const pay = document.paths["/v1/admin/invoices/{invoiceId}/payments"].post
    expect(pay.parameters.map((p: { name: string }) => p.name)).toEqual(["invoiceId", "Idempotency-Key"])
    expect(pay.security).toEqual([{ bearer: [] }])
    expect(Object.keys(pay.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "402", "403", "404", "409", "413", "415", "422", "503"]))
    expect(document.paths["/v1/admin/seats"].put.responses["202"]).toBeDefined()
    for (const [key, operation] of operations()) {
      assert.isTrue(Object.keys(operation.responses).some((status) => status.startsWith("2")), key)
    }
  })

  it("every $ref resolves to a component", () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? []
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1)
      assert.isDefined(document.components.schemas[name], ref)
    }
  })
})

describe("/docs", () => {
  it("renders the document with assets of this host only", async () => {
    const page = await client("GET", "/docs")
    expect(page.status).toBe(200)
    expect(page.text).not.toMatch(/https?:\/\//)
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, src]) => src!)
    expect(assets).toEqual(expect.arrayContaining(["/docs/assets/swagger-ui-bundle.js", "/docs/assets/start.js", "/docs/assets/swagger-ui.css"]))
    for (const asset of assets) {
      const response = await client("GET", asset)
      assert.strictEqual(response.status, 200, asset)
      assert.isAbove(response.text.length, 20, asset)
    }
    expect((await client("GET", "/docs/assets/start.js")).text).toContain("/openapi.json")
    expect((await client("GET", "/docs/assets/index.html")).status).toBe(404)
  })
})

/**
 * Issue 4 §3, API.md §5: security headers, no `X-Powered-By`, request ids,
 * structured logs without secrets, the body checks in their order (415, 413,
 * 400), routing problems (404, 405 with Allow), and a defect answered with a
 * generic 500 whose cause reaches only the log.
 */
import { request as httpRequest } from "node:http"
import { Exit } from "effect"
import express from "express"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sendExit } from "../src/http/RouteHandler.js"
import { makeLogger } from "../src/log/Logger.js"
import { type Client, clientOf, isProblem } from "./support/Client.js"
import { PASSWORD, registerGroup } from "./support/Scenario.js"
import { startTestServer, type TestServer } from "./support/TestServer.js"

const lines: Array<Record<string, unknown>> = []
let server: TestServer
let client: Client

beforeAll(async () => {
  server = await startTestServer({}, makeLogger("info", (line) => void lines.push(JSON.parse(line))))
  client = clientOf(server.url)
})
afterAll(() => server.close())

/** Sends a chunked body (no Content-Length) of `size` bytes. */
const chunked = (path: string, size: number): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(server.url + path, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      let body = ""
      res.on("data", (chunk) => (body += chunk))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on("error", reject)
    const chunk = Buffer.alloc(16_384, "a")
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk)
    req.end()
  })

describe("hardening", () => {
  it("sets security headers and no X-Powered-By", async () => {
    const response = await client("GET", "/healthz")
    expect(response.headers.get("x-powered-by")).toBeNull()
    expect(response.headers.get("x-content-type-options")).toBe("nosniff")
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN")
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'")
    expect(response.headers.get("strict-transport-security")).toContain("max-age=")
    expect(response.headers.get("referrer-policy")).toBe("no-referrer")
    expect(response.headers.get("cache-control")).toBe("no-store")
    expect((await client("GET", "/docs/assets/swagger-ui.css")).headers.get("cache-control")).toContain("max-age=86400")
  })

  it("gives every response a request id, keeping a sane one the client sent", async () => {
    expect((await client("GET", "/healthz")).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
    expect((await client("GET", "/healthz", { headers: { "x-request-id": "trace-42" } })).headers.get("x-request-id")).toBe("trace-42")
    expect((await client("GET", "/healthz", { headers: { "x-request-id": "bad id\twith tab" } })).headers.get("x-request-id")).not.toContain("bad")
  })

  it("logs one JSON line per request without tokens, passwords or codes", async () => {
    const group = await registerGroup(client)
    await client("GET", "/v1/admin/group?limit=secret-query", { token: group.token })
    const logged = JSON.stringify(lines)
    expect(logged).not.toContain(group.token)
    expect(logged).not.toContain(PASSWORD)
    expect(logged).not.toContain(group.code)
    expect(logged).not.toContain("secret-query")
    const entry = lines.find((line) => line["path"] === "/v1/admin/group")
    expect(entry).toMatchObject({ level: "info", msg: "request", method: "GET", status: 200, requestId: expect.any(String) })
    expect(entry?.["durationMs"]).toEqual(expect.any(Number))
  })

  it("API.md §5 bodies: 415 before 413, 413 by Content-Length and by counting a chunked body", async () => {
    const huge = "x".repeat(102_401)
    expect((await client("POST", "/v1/groups", { raw: huge, headers: { "content-type": "text/plain" } })).status).toBe(415)
    expect((await client("POST", "/v1/groups", { raw: huge, headers: { "content-type": "application/json" } })).status).toBe(413)
    const streamed = await chunked("/v1/groups", 200_000)
    expect(streamed.status).toBe(413)
    expect(JSON.parse(streamed.body).type).toBe("/problems/payload-too-large")
  })

  it("API.md §5 bodies: application/*+json is JSON; other charsets and compressed bodies are 415", async () => {
    const body = JSON.stringify({ name: "", seats: 0 })
    expect((await client("POST", "/v1/groups", { raw: body, headers: { "content-type": "application/merge-patch+json" } })).status).toBe(422)
    expect((await client("POST", "/v1/groups", { raw: body, headers: { "content-type": "application/json; charset=UTF-8" } })).status).toBe(422)
    expect((await client("POST", "/v1/groups", { raw: body, headers: { "content-type": "application/json; charset=latin1" } })).status).toBe(415)
    expect((await client("POST", "/v1/groups", { raw: body, headers: { "content-type": "application/json", "content-encoding": "gzip" } })).status).toBe(415)
  })

  it("API.md §5 bodies: 400 for bad UTF-8, bad JSON, a non-object, an empty body, and nesting past 64 levels", async () => {
    const json = { "content-type": "application/json" }
    expect((await client("POST", "/v1/groups", { raw: new Uint8Array([0x7b, 0xff, 0x7d]), headers: json })).status).toBe(400)
    expect((await client("POST", "/v1/groups", { raw: "{'a':1}", headers: json })).status).toBe(400)
    expect((await client("POST", "/v1/groups", { raw: "null", headers: json })).status).toBe(400)
    expect((await client("POST", "/v1/groups", { raw: "", headers: json })).status).toBe(400)
    const deep = `{"name":${"[".repeat(70)}${"]".repeat(70)}}`
    const response = await client("POST", "/v1/groups", { raw: deep, headers: json })
    expect(response.status).toBe(400)
    expect(isProblem(response)).toBe(true)
  })

  it("a route without a body ignores a JSON one but refuses another media type", async () => {
    const group = await registerGroup(client)
    expect((await client("POST", "/v1/admin/group/code", { token: group.token, body: { ignored: true } })).status).toBe(200)
    expect((await client("POST", "/v1/admin/group/code", { token: group.token, raw: "x", headers: { "content-type": "text/plain" } })).status).toBe(415)
  })

  it("routing comes first: 404 and 405 whatever the body, with Allow", async () => {
    const notFound = await client("POST", "/v1/unknown", { raw: "{", headers: { "content-type": "text/plain" } })
    expect(notFound.status).toBe(404)
    expect(isProblem(notFound)).toBe(true)
    const notAllowed = await client("DELETE", "/v1/groups", { raw: "{" })
    expect(notAllowed.status).toBe(405)
    expect(notAllowed.headers.get("allow")).toBe("POST")
    expect((await client("POST", "/healthz")).headers.get("allow")).toBe("GET, HEAD")
    expect((await client("HEAD", "/healthz")).status).toBe(200)
  })

  it("answers name their media type in UTF-8 and their length; HEAD gets GET's headers without the body", async () => {
    const group = await registerGroup(client)
    const pairs = [
      { path: "/v1/admin/group", token: group.token, status: 200, type: "application/json; charset=utf-8" },
      { path: "/v1/admin/group", token: undefined, status: 401, type: "application/problem+json; charset=utf-8" },
      { path: "/v1/admin/invoices/00000000-0000-4000-8000-000000000000", token: group.token, status: 404, type: "application/problem+json; charset=utf-8" }
    ]
    for (const { path, status, token, type } of pairs) {
      const got = await client("GET", path, token === undefined ? {} : { token })
      const head = await client("HEAD", path, token === undefined ? {} : { token })
      expect([got.status, head.status]).toEqual([status, status])
      expect([got.headers.get("content-type"), head.headers.get("content-type")]).toEqual([type, type])
      const length = String(Buffer.byteLength(got.text))
      expect([got.headers.get("content-length"), head.headers.get("content-length")]).toEqual([length, length])
      expect(got.text.length).toBeGreaterThan(0)
      expect(head.text).toBe("")
    }
  })

  it("a path parameter that does not URL-decode is a 400 problem", async () => {
    const group = await registerGroup(client)
    const response = await client("GET", "/v1/admin/invoices/%E0%A4%A", { token: group.token })
    expect(response.status).toBe(400)
    expect(isProblem(response)).toBe(true)
  })

  it("a defect is a generic 500: the cause goes to the log, never to the client", async () => {
    const logged: Array<string> = []
    const app = express()
    app.get("/boom", (_req, res) => sendExit(res, Exit.die(new Error("SELECT secret FROM vault")), makeLogger("error", (line) => void logged.push(line))))
    const listener = app.listen(0, "127.0.0.1")
    await new Promise((resolve) => listener.once("listening", resolve))
    const { port } = listener.address() as { port: number }
    const response = await clientOf(`http://127.0.0.1:${port}`)("GET", "/boom")
    listener.close()
    expect(response.status).toBe(500)
    expect(isProblem(response)).toBe(true)
    expect(response.text).not.toContain("SELECT")
    expect(logged.join("\n")).toContain("SELECT secret FROM vault")
  })
})

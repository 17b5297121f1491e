/** A tiny `fetch` client for the tests: JSON in, status, headers and parsed body out. */
export interface Sent {
  readonly body?: unknown
  /** Sent as is (no JSON encoding, no Content-Type added). */
  readonly raw?: string | Uint8Array
  readonly token?: string
  readonly headers?: Readonly<Record<string, string>>
}

export interface Received {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly body: any
}

export type Client = (method: string, path: string, sent?: Sent) => Promise<Received>

export const clientOf = (baseUrl: string): Client => async (method, path, sent = {}) => {
  const headers: Record<string, string> = { ...sent.headers }
  let body: string | Uint8Array | undefined
  if (sent.raw !== undefined) body = sent.raw
  else if (sent.body !== undefined) {
    body = JSON.stringify(sent.body)
    headers["content-type"] ??= "application/json"
  }
  if (sent.token !== undefined) headers["authorization"] = `Bearer ${sent.token}`
  const response = await fetch(baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text === "" ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: response.status, headers: response.headers, text, body: parsed }
}

/** Whether a response is an RFC 9457 problem of API.md §4 (media type and members). */
export const isProblem = (response: Received): boolean => {
  const type = response.headers.get("content-type") ?? ""
  const body = response.body as Record<string, unknown> | undefined
  return type.startsWith("application/problem+json") &&
    body !== undefined &&
    typeof body["type"] === "string" &&
    typeof body["title"] === "string" &&
    body["status"] === response.status &&
    typeof body["detail"] === "string"
}

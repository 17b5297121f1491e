/**
 * API.md §1: `Authorization: Bearer <token>` (RFC 6750; the scheme is
 * case-insensitive). Anything else, or no header, reads as the empty token,
 * which `authenticate` refuses like an unknown one: one path to 401 for every
 * way of not being signed in.
 */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

export const bearerToken = (authorization: string | undefined): string => {
  if (authorization === undefined) return ""
  return BEARER.exec(authorization)?.[1] ?? ""
}

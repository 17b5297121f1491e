/**
 * R15 and API.md §1: what the domain needs from server-side keys. Corporate
 * codes are looked up by a keyed hash and shown from an encrypted copy;
 * session tokens are stored only as a hash; idempotency fingerprints are
 * digests. A copy of the database alone thus hands out no working secret.
 */
import { Context, type Effect } from "effect"

export class Secrets extends Context.Service<Secrets, {
  /** A keyed hash (HMAC) of a normalised corporate code. */
  readonly codeLookupHash: (normalizedCode: string) => Effect.Effect<string>
  /** Encrypts a code with the server key (authenticated encryption). */
  readonly sealCode: (code: string) => Effect.Effect<string>
  readonly openCode: (sealed: string) => Effect.Effect<string>
  /** A hash of a session token (tokens carry ≥ 128 random bits, so no key is needed). */
  readonly tokenHash: (token: string) => Effect.Effect<string>
  /** A digest of a request's canonical form (R44 fingerprints). */
  readonly digest: (text: string) => Effect.Effect<string>
}>()("@corporate-groups/domain/ports/Secrets") {}

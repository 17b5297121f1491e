/**
 * What a join benchmark needs before the clock starts: active groups with
 * room (their codes known in clear) and users who belong to no group, all
 * written through the `Store` port, so memory, PGlite and a server are
 * seeded the same way and much faster than through the registering use
 * cases (no password hashing, 500 rows per transaction).
 */
import { randomUUID } from "node:crypto"
import {
  type Country,
  corporateCodeFromBytes,
  type Currency,
  DEFAULT_CONFIG,
  displayCode,
  type Email,
  Entropy,
  type Group,
  type GroupId,
  type GroupName,
  type Language,
  money,
  normalizeCode,
  PasswordHasher,
  type PersonName,
  Secrets,
  Store,
  type TrueconfId,
  type User,
  type UserId,
  type UserPrincipal,
  type SessionId
} from "@corporate-groups/domain"
import { DateTime, Duration, Effect } from "effect"

export interface SeededGroup {
  readonly id: GroupId
  /** The code as an admin would hand it out (display form). */
  readonly code: string
  /** The keyed hash the store looks the code up by. */
  readonly lookupHash: string
}

const BATCH = 500
const SESSION = "00000000-0000-4000-8000-000000000000" as SessionId

const inBatches = <A>(items: ReadonlyArray<A>, write: (batch: ReadonlyArray<A>) => Effect.Effect<void, unknown, Store>) =>
  Effect.forEach(
    Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH)),
    write,
    { discard: true }
  )

/** `n` paid groups of `seats` seats each (paid for a year ahead: active). */
export const seedGroups = (n: number, seats: number) =>
  Effect.gen(function*() {
    const secrets = yield* Secrets
    const entropy = yield* Entropy
    const now = yield* DateTime.now
    const paidThrough = DateTime.addDuration(now, Duration.days(365))
    const seeded: Array<SeededGroup> = []
    const groups: Array<Group> = []
    for (let i = 0; i < n; i++) {
      const code = corporateCodeFromBytes(yield* entropy.bytes(10))
      const lookupHash = yield* secrets.codeLookupHash(normalizeCode(code))
      const group: Group = {
        id: randomUUID() as GroupId,
        name: `Bench group ${i}` as GroupName,
        seats,
        members: 0,
        paidThrough,
        code: { lookupHash, sealed: yield* secrets.sealCode(code) },
        phoneBalance: money(0, DEFAULT_CONFIG.currency as Currency),
        createdAt: now
      }
      groups.push(group)
      seeded.push({ id: group.id, code: displayCode(code), lookupHash })
    }
    const store = yield* Store
    yield* inBatches(groups, (batch) =>
      store.transaction((tx) => Effect.forEach(batch, (g) => tx.groups.insert(g), { discard: true })))
    return seeded
  })

export interface SeededUser {
  readonly principal: UserPrincipal
  readonly firstName: string
  readonly lastName: string
}

let users = 0

/** `n` users in no group, as principals (joins read only the user id of a principal). */
export const seedUsers = (n: number) =>
  Effect.gen(function*() {
    const passwordHash = yield* (yield* PasswordHasher).hash("bench password, never used")
    const now = yield* DateTime.now
    const rows: Array<User> = Array.from({ length: n }, () => {
      const k = ++users
      return {
        kind: "user",
        id: randomUUID() as UserId,
        trueconfId: `bench${k}` as TrueconfId,
        email: `bench${k}@example.com` as Email,
        passwordHash,
        createdAt: now,
        firstName: `First${k % 97}` as PersonName,
        lastName: `Last${k}` as PersonName,
        country: "ru" as Country,
        language: "en" as Language,
        productNews: false,
        researchBulletin: false
      }
    })
    const store = yield* Store
    yield* inBatches(rows, (batch) =>
      store.transaction((tx) => Effect.forEach(batch, (u) => tx.users.insert(u), { discard: true })))
    return rows.map((u): SeededUser => ({
      principal: { kind: "user", userId: u.id, sessionId: SESSION },
      firstName: u.firstName,
      lastName: u.lastName
    }))
  })

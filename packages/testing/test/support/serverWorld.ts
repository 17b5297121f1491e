/**
 * A world on a real Postgres server for the concurrency and fault tests: a
 * scratch database of its own (dropped at the end), the Postgres adapters
 * over a pool of separate connections (not one serialized client), a
 * separate admin connection that is not part of the adapter's pool, and the
 * helpers that set a scene up through the use cases themselves.
 *
 * Principals are built from the registered ids, as the contract's fixtures
 * do: `joinGroup` and `payInvoice` read only the account ids of a principal,
 * and signing 2,000 users in would only add scrypt time.
 */
import {
  PostgresAdapters,
  type PostgresAdaptersServices,
  PostgresInspector,
  scratchDatabase
} from "@corporate-groups/adapters/postgres"
import {
  type AdminPrincipal,
  payInvoice,
  registerGroup,
  registerUser,
  type SessionId,
  type UserId,
  type UserPrincipal
} from "@corporate-groups/domain"
import { Cause, Effect, Exit, ManagedRuntime, Option, Scope } from "effect"
import pg from "pg"
import { invariantViolations } from "../../src/Invariants.js"

export const SESSION = "00000000-0000-4000-8000-000000000000" as SessionId
export const VISA = { paymentMethod: "tok_visa" }
const PASSWORD = "correct horse battery staple"

export interface ServerGroup {
  readonly groupId: string
  readonly code: string
  readonly admin: AdminPrincipal
  readonly invoiceId: string
}

export type Runtime = ManagedRuntime.ManagedRuntime<PostgresAdaptersServices, unknown>

export interface ServerWorld {
  /** The scratch database's URL. */
  readonly url: string
  readonly runtime: Runtime
  /** One connection outside the adapter's pool (for sampling, terminating, checking). */
  readonly admin: pg.Client
  run<A, E>(effect: Effect.Effect<A, E, PostgresAdaptersServices>): Promise<A>
  close(): Promise<void>
}

/**
 * A pool of `wanted` connections, or fewer when the server has fewer than
 * three times that free: CI runs other test files against the same server
 * at the same time, and a connection refused for want of slots would read
 * as `unavailable` here.
 */
export const poolSizeFor = async (baseUrl: string, wanted: number): Promise<number> => {
  const client = new pg.Client({ connectionString: baseUrl })
  client.on("error", () => {})
  await client.connect()
  try {
    const { rows } = await client.query<{ free: number }>(
      `select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
              - (select count(*)::int from pg_stat_activity) as free`
    )
    return Math.max(4, Math.min(wanted, Math.floor(rows[0]!.free / 3)))
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Opens a scratch database on the server of `baseUrl`, migrated, with the adapters over a pool of `poolSize`. */
export const openServerWorld = async (baseUrl: string, poolSize: number): Promise<ServerWorld> => {
  const scope = Scope.makeUnsafe()
  const url = await Effect.runPromise(Scope.provide(scope)(scratchDatabase(baseUrl, "cg_conc")))
  const runtime: Runtime = ManagedRuntime.make(
    PostgresAdapters.layer({ database: { driver: "postgres", url, poolSize }, fastHashing: true })
  )
  const admin = new pg.Client({ connectionString: url, application_name: "cg-test-admin" })
  admin.on("error", () => {})
  try {
    await runtime.runPromise(Effect.void)
    await admin.connect()
  } catch (error) {
    await runtime.dispose().catch(() => undefined)
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw error
  }
  return {
    url,
    runtime,
    admin,
    run: (effect) => runtime.runPromise(effect),
    close: async () => {
      await admin.end().catch(() => undefined)
      await runtime.dispose().catch(() => undefined)
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}

/**
 * Runs a use case and names its outcome: "ok", the domain error's tag,
 * "defect: …", "interrupted", or "hang" when it has not ended after
 * `timeoutMs` (raced outside Effect, so an uninterruptible wait shows too).
 */
export const outcome = async <A, E extends { readonly _tag: string }>(
  runtime: Runtime,
  effect: Effect.Effect<A, E, PostgresAdaptersServices>,
  timeoutMs = 30_000
): Promise<string> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hang = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), timeoutMs)
  })
  const exit = await Promise.race([runtime.runPromiseExit(effect), hang])
  clearTimeout(timer)
  if (exit === "hang") return "hang"
  if (Exit.isSuccess(exit)) return "ok"
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error)) {
    // The runtime's own error type (building the layer) widens `E` to unknown.
    const tag = (error.value as { readonly _tag?: unknown })._tag
    return typeof tag === "string" ? tag : `error: ${String(error.value)}`
  }
  if (Cause.hasInterruptsOnly(exit.cause)) return "interrupted"
  return `defect: ${Cause.pretty(exit.cause).split("\n")[0]}`
}

export const tally = (tags: ReadonlyArray<string>): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const tag of tags) counts[tag] = (counts[tag] ?? 0) + 1
  return counts
}

/** Runs `f` over `items` with at most `concurrency` at once, results in order. */
export const mapLimit = async <T, R>(items: ReadonlyArray<T>, concurrency: number, f: (item: T, i: number) => Promise<R>) => {
  const results: Array<R> = Array.from({ length: items.length })
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await f(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}

let userCount = 0
let groupCount = 0
let addressCount = 0

/** A client address never used before, so per-address throttles (R15) stay out of the way. */
export const freshAddress = () => {
  addressCount += 1
  return { address: `10.${(addressCount >> 16) & 255}.${(addressCount >> 8) & 255}.${addressCount & 255}` }
}

/** `n` users registered through `registerUser` (a few at a time), as principals. */
export const registerUsers = (world: ServerWorld, n: number): Promise<Array<UserPrincipal>> =>
  mapLimit(Array.from({ length: n }, () => ++userCount), 8, async (k) => {
    const registered = await world.run(registerUser({
      trueconfId: `racer${k}`,
      email: `racer${k}@example.com`,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      firstName: `Ann${k % 7}`,
      lastName: `Racer${k}`,
      country: "ru"
    }, freshAddress()))
    return { kind: "user", userId: registered.user.id as UserId, sessionId: SESSION } satisfies UserPrincipal
  })

/** A group of `seats` registered through `registerGroup`, its first invoice paid (active) unless `pay` is false. */
export const registerGroupOf = async (world: ServerWorld, seats: number, pay = true): Promise<ServerGroup> => {
  const n = ++groupCount
  const registered = await world.run(registerGroup({
    name: `Group ${n}`,
    seats,
    admin: { email: `boss${n}@example.com`, password: PASSWORD, passwordConfirmation: PASSWORD }
  }))
  const admin: AdminPrincipal = {
    kind: "group-admin",
    adminId: registered.admin.id,
    groupId: registered.group.id,
    sessionId: SESSION
  }
  if (pay) await world.run(payInvoice(admin, registered.invoice.id, VISA, `setup-${n}`))
  return { groupId: registered.group.id, code: registered.group.corporateCode, admin, invoiceId: registered.invoice.id }
}

/** SPEC's invariants on everything committed, read by the adapter's inspector. */
export const violations = async (world: ServerWorld): Promise<ReadonlyArray<string>> =>
  invariantViolations(await world.run(Effect.flatMap(PostgresInspector, (i) => i.snapshot)))

/** R11 counted by SQL: each group's counter, its membership rows and its seats. */
export const memberCounts = async (world: ServerWorld, groupId: string) => {
  const { rows } = await world.admin.query<{ members: number; rows: number; seats: number }>(
    "select g.members, g.seats, (select count(*)::int from memberships m where m.group_id = g.id) as rows from groups g where g.id = $1",
    [groupId]
  )
  return rows[0]!
}

/**
 * Does a join or an address-book page cost more when the group or the
 * table is large? Two databases on the server: 1,000 accounts with groups
 * of 10 members, and 1,000,000 accounts with the same small groups plus one
 * group of 100,000 members. One caller at a time, so the figure is the cost
 * of the operation itself, not of queueing: the median of many runs of the
 * domain's `joinGroup` and `addressBook` (limit 50) through the adapter.
 *
 * Accounts and memberships are written with `INSERT … SELECT
 * generate_series` straight into the project's tables (a million through
 * the use cases would take an hour). Names are ASCII, so SQL's `lower()`
 * folds them exactly as the domain's `memberKey` does. SPEC caps seats at
 * 10,000 (R43): a group of 100,000 members exists only here, so the bench
 * lifts that one CHECK (`groups_seats_check`) on its scratch database;
 * `members <= seats` stays.
 */
import { performance } from "node:perf_hooks"
import { addressBook, encodeCursor, joinGroup, type SessionId, type UserId, type UserPrincipal } from "@corporate-groups/domain"
import { PostgresAdapters, scratchDatabase } from "@corporate-groups/adapters"
import { Effect, Exit, ManagedRuntime, Scope } from "effect"
import pg from "pg"
import { seedGroups } from "./Seed.js"
import { median } from "./Table.js"

const SESSION = "00000000-0000-4000-8000-000000000000" as SessionId
const SMALL_GROUPS = 50
const SMALL_MEMBERS = 10

/** Account number `n` as a (time-ordered, version 7 shaped) uuid, like the domain's ids. */
const uid = (n: string) => `('01900000-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`
const uidOf = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, "0")}`

const principalOf = (n: number): UserPrincipal => ({ kind: "user", userId: uidOf(n) as UserId, sessionId: SESSION })

export interface ScaleOptions {
  readonly accounts: number
  /** Members of the big group; 0 for none. */
  readonly bigGroup: number
  /** Measured runs of each operation (the median is reported). */
  readonly samples: number
}

export interface ScaleFigures {
  readonly seedSeconds: number
  readonly joinSmallMs: number
  readonly pageSmallMs: number
  readonly joinBigMs: number | null
  readonly pageBigFirstMs: number | null
  readonly pageBigDeepMs: number | null
}

const seedAccounts = async (client: pg.Client, accounts: number, passwordHash: string) => {
  await client.query("set synchronous_commit = off")
  await client.query("set maintenance_work_mem = '256MB'")
  await client.query(
    `insert into users (id, trueconf_id, email, password_hash, first_name, last_name, country, language,
                        product_news, research_bulletin, created_at)
     select ${uid("g")}, 'acct' || g, 'acct' || g || '@example.com', $1, 'First' || (g % 97),
            'Last' || lpad(g::text, 7, '0'), 'ru', 'en', false, false, now()
       from generate_series(1, $2::int) as g`,
    [passwordHash, accounts]
  )
  await client.query(
    `insert into account_emails (email, account_id, kind)
     select 'acct' || g || '@example.com', ${uid("g")}, 'user' from generate_series(1, $1::int) as g`,
    [accounts]
  )
}

const seedMembers = (client: pg.Client, groupId: string, from: number, to: number) =>
  client.query(
    `insert into memberships (user_id, group_id, joined_at, sort_last, sort_first)
     select ${uid("g")}, $1, now(), lower('Last' || lpad(g::text, 7, '0')), lower('First' || (g % 97))
       from generate_series($2::int, $3::int) as g`,
    [groupId, from, to]
  )

const time = async (run: () => Promise<unknown>) => {
  const t = performance.now()
  await run()
  return performance.now() - t
}

/** Measures one dataset in a scratch database of its own on the server of `baseUrl`. */
export const scaleRun = async (baseUrl: string, options: ScaleOptions): Promise<ScaleFigures> => {
  const scope = Scope.makeUnsafe()
  try {
    const url = await Effect.runPromise(Scope.provide(scope)(scratchDatabase(baseUrl, "cg_bench")))
    const runtime = ManagedRuntime.make(PostgresAdapters.layer({ database: { driver: "postgres", url, poolSize: 4 }, fastHashing: true }))
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const t0 = performance.now()
      // Accounts 1..500 are the members of the small groups, 501.. the big group's, the last ones join during the bench.
      const joiners = options.samples * 2 + 20
      const smallMembers = SMALL_GROUPS * SMALL_MEMBERS
      if (options.accounts < smallMembers + options.bigGroup + joiners) throw new Error("scale bench: too few accounts for the layout")
      const groups = await runtime.runPromise(seedGroups(SMALL_GROUPS + (options.bigGroup > 0 ? 1 : 0), 1_000))
      await seedAccounts(client, options.accounts, "scrypt$bench$never-used")
      for (let i = 0; i < SMALL_GROUPS; i++) {
        await seedMembers(client, groups[i]!.id, i * SMALL_MEMBERS + 1, (i + 1) * SMALL_MEMBERS)
      }
      const big = options.bigGroup > 0 ? groups[SMALL_GROUPS]! : null
      if (big !== null) {
        await client.query("alter table groups drop constraint groups_seats_check")
        await client.query("update groups set seats = $2 where id = $1", [big.id, options.bigGroup * 2])
        await seedMembers(client, big.id, smallMembers + 1, smallMembers + options.bigGroup)
      }
      await client.query("update groups set members = (select count(*) from memberships m where m.group_id = groups.id)")
      await client.query("vacuum analyze")
      const seedSeconds = (performance.now() - t0) / 1000

      const timed = async (n: number, run: (i: number) => Promise<unknown>) => {
        for (let i = 0; i < 5; i++) await run(-1 - i) // warm-up: JIT, plans, buffers
        const ms: Array<number> = []
        for (let i = 0; i < n; i++) ms.push(await time(() => run(i)))
        return median(ms)
      }
      let joiner = options.accounts - joiners
      const join = (groupIndex: number) =>
        runtime.runPromise(joinGroup(principalOf(++joiner), { corporateCode: groups[groupIndex]!.code }, { address: `10.9.${joiner >> 8 & 255}.${joiner & 255}` }))
      const page = (member: number, cursor?: string) =>
        runtime.runPromise(addressBook(principalOf(member), cursor === undefined ? { limit: 50 } : { limit: 50, cursor }))

      const joinSmallMs = await timed(options.samples, (i) => join(((i % SMALL_GROUPS) + SMALL_GROUPS) % SMALL_GROUPS))
      const pageSmallMs = await timed(options.samples, (i) => page(((i + 10) % smallMembers) + 1))
      let joinBigMs: number | null = null
      let pageBigFirstMs: number | null = null
      let pageBigDeepMs: number | null = null
      if (big !== null) {
        joinBigMs = await timed(options.samples, () => join(SMALL_GROUPS))
        const member = smallMembers + 1
        pageBigFirstMs = await timed(options.samples, () => page(member))
        // Half-way through the big group: a page an OFFSET would pay 50,000 rows for.
        const { rows } = await client.query(
          `select sort_last, sort_first, user_id::text from memberships where group_id = $1
            order by sort_last, sort_first, user_id offset $2 limit 1`,
          [big.id, Math.floor(options.bigGroup / 2)]
        )
        const cursor = encodeCursor([rows[0].sort_last, rows[0].sort_first, rows[0].user_id])
        const [first, deep] = [await page(member), await page(member, cursor)]
        if (first.items.length !== 50 || deep.items.length !== 50 || deep.nextCursor === null) {
          throw new Error("scale bench: the big group's pages are not full pages")
        }
        const counted = await client.query("select members from groups where id = $1", [big.id])
        if (counted.rows[0].members < options.bigGroup) throw new Error("scale bench: the big group is not as big as asked")
        pageBigDeepMs = await timed(options.samples, () => page(member, cursor))
      }
      return { seedSeconds, joinSmallMs, pageSmallMs, joinBigMs, pageBigFirstMs, pageBigDeepMs }
    } finally {
      await client.end().catch(() => undefined)
      await runtime.dispose()
    }
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

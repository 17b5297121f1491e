/**
 * The baseline: the least SQL a code redemption must send (the yardstick's
 * physical/redeem.sql), written by hand against the project's own tables and
 * sent through `pg` from this process: look the group up by the hash of its
 * code, take a seat with a conditional counter update (`members < seats`),
 * insert the membership, insert the MemberJoined event, commit. No domain,
 * no kysely, no Effect, no throttle, no audit entry: whatever the project
 * spends beyond this is its own overhead.
 *
 * `prepared: true` names the statements, so each connection parses and
 * plans them once (as `pgbench -M prepared` does); kysely sends unnamed
 * statements, parsed and planned on every call, like `prepared: false`.
 */
import { createHash, randomUUID } from "node:crypto"
import type pg from "pg"
import type { SeededGroup, SeededUser } from "./Seed.js"

export interface RawJob {
  readonly user: SeededUser
  readonly group: SeededGroup
}

const q = (prepared: boolean, name: string, text: string, values: Array<unknown>): pg.QueryConfig =>
  prepared ? { name: `raw_${name}`, text, values } : { text, values }

/** One redemption in one transaction; "ok", or "group-full" when no seat was left. */
export const rawJoin = async (client: pg.PoolClient, job: RawJob, prepared: boolean): Promise<string> => {
  await client.query("begin")
  try {
    const found = await client.query(q(prepared, "find", "select id from groups where code_lookup_hash = $1", [job.group.lookupHash]))
    const groupId = found.rows[0]?.id
    if (groupId === undefined) throw new Error("raw join: no group for the code")
    const seat = await client.query(q(prepared, "seat", "update groups set members = members + 1 where id = $1 and members < seats returning id", [groupId]))
    if (seat.rowCount !== 1) {
      await client.query("rollback")
      return "group-full"
    }
    const at = new Date().toISOString()
    const userId = job.user.principal.userId
    await client.query(q(
      prepared,
      "member",
      "insert into memberships (user_id, group_id, joined_at, sort_last, sort_first) values ($1, $2, $3, $4, $5)",
      [userId, groupId, at, job.user.lastName.toUpperCase().toLowerCase(), job.user.firstName.toUpperCase().toLowerCase()]
    ))
    await client.query(q(
      prepared,
      "event",
      "insert into outbox (event_id, type, group_id, at, actor, target, payload) values ($1, 'MemberJoined', $2, $3, $4, $5, $6)",
      [
        randomUUID(),
        groupId,
        at,
        JSON.stringify({ kind: "user", id: userId }),
        JSON.stringify({ kind: "user", id: userId }),
        JSON.stringify({ groupId, userId })
      ]
    ))
    await client.query("commit")
    return "ok"
  } catch (error) {
    await client.query("rollback").catch(() => undefined)
    throw error
  }
}

/**
 * The first adapter's statements for one join, as it sent them before the
 * store sent its own statements (TxContext.ts), kept as a reference point
 * (captured from `pg`, same text, same values, same order: two throttle reads outside the
 * transaction, then BEGIN, the group and the membership read for update, the
 * full-row group update, the user's names for the sort keys, the
 * membership, the event, the audit entry, COMMIT), sent by hand with no
 * domain, kysely or Effect in between. The gap between this and the minimal
 * join is the cost of the statements; the gap between this and the adapter
 * is the cost of the code that sends them.
 *
 * `merged: true` is what the adapter could send instead, in 9 statements:
 * both throttle keys read by one statement, a plain BEGIN, the counter
 * alone updated, the event and its audit entry inserted by one statement
 * (a data-modifying CTE).
 */
const hash = (key: string) => createHash("sha256").update(key).digest("hex")

export const mirrorJoin = async (pool: pg.Pool, job: RawJob, merged = false): Promise<string> => {
  const since = new Date(Date.now() - 15 * 60_000).toISOString()
  const userId = job.user.principal.userId
  const keys = [[`redemption:account:${userId}`, 10], [`redemption:address:${userId}`, 30]] as const
  if (merged) {
    await pool.query(
      'select "key_hash", "at" from "throttle_failures" where "key_hash" = any($1) and "at" >= $2 order by "at" desc limit $3',
      [keys.map(([key]) => hash(key)), since, 40]
    )
  } else {
    for (const [key, limit] of keys) {
      await pool.query(
        'select "at" from "throttle_failures" where "key_hash" = $1 and "at" >= $2 order by "at" desc limit $3',
        [hash(key), since, limit]
      )
    }
  }
  const client = await pool.connect()
  try {
    await client.query(merged ? "begin" : "start transaction isolation level read committed")
    const found = await client.query('select * from "groups" where "code_lookup_hash" = $1 for update', [job.group.lookupHash])
    const g = found.rows[0]
    await client.query('select "user_id", "group_id", "joined_at" from "memberships" where "user_id" = $1 for update', [userId])
    if (g.members >= g.seats) {
      await client.query("rollback")
      client.release()
      return "group-full"
    }
    const at = new Date().toISOString()
    if (merged) {
      await client.query('update "groups" set "members" = $1 where "id" = $2', [g.members + 1, g.id])
    } else {
      await client.query(
        'update "groups" set "name" = $1, "seats" = $2, "members" = $3, "paid_through" = $4, "code_lookup_hash" = $5, "code_sealed" = $6, "phone_balance" = $7, "currency" = $8, "created_at" = $9 where "id" = $10',
        [g.name, g.seats, g.members + 1, new Date(g.paid_through).toISOString(), g.code_lookup_hash, g.code_sealed, Number(g.phone_balance), g.currency, new Date(g.created_at).toISOString(), g.id]
      )
    }
    const user = await client.query('select "id", "first_name", "last_name" from "users" where "id" = $1 for share', [userId])
    const names = user.rows[0]
    await client.query(
      'insert into "memberships" ("user_id", "group_id", "joined_at", "sort_last", "sort_first") values ($1, $2, $3, $4, $5)',
      [userId, g.id, at, names.last_name.toUpperCase().toLowerCase(), names.first_name.toUpperCase().toLowerCase()]
    )
    const eventId = randomUUID()
    const actor = JSON.stringify({ kind: "user", id: userId })
    const payload = JSON.stringify({ groupId: g.id, userId })
    if (merged) {
      await client.query(
        'with "e" as (insert into "outbox" ("event_id", "type", "group_id", "at", "actor", "target", "payload") values ($1, $2, $3, $4, $5, $6, $7)) ' +
          'insert into "audit" ("id", "group_id", "at", "actor", "action", "target") values ($1, $3, $4, $5, $8, $6)',
        [eventId, "MemberJoined", g.id, at, actor, actor, payload, "member-joined"]
      )
    } else {
      await client.query(
        'insert into "outbox" ("event_id", "type", "group_id", "at", "actor", "target", "payload") values ($1, $2, $3, $4, $5, $6, $7)',
        [eventId, "MemberJoined", g.id, at, actor, actor, payload]
      )
      await client.query(
        'insert into "audit" ("id", "group_id", "at", "actor", "action", "target") values ($1, $2, $3, $4, $5, $6)',
        [eventId, g.id, at, actor, "member-joined", actor]
      )
    }
    await client.query("commit")
    client.release()
    return "ok"
  } catch (error) {
    await client.query("rollback").catch(() => undefined)
    client.release(error instanceof Error ? error : new Error(String(error)))
    throw error
  }
}

/** `mirrorJoin` for every job, `callers` at a time. */
export const mirrorJoins = async (pool: pg.Pool, jobs: ReadonlyArray<RawJob>, callers: number, merged = false) => {
  const outcomes: Record<string, number> = {}
  let next = 0
  const caller = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!
      const tag = await mirrorJoin(pool, job, merged).catch((error: unknown) => `error: ${error instanceof Error ? error.message : String(error)}`)
      outcomes[tag] = (outcomes[tag] ?? 0) + 1
    }
  }
  await Promise.all(Array.from({ length: callers }, caller))
  return outcomes
}

/** Runs every job with `callers` concurrent callers over `pool`; returns the outcomes' counts. */
export const rawJoins = async (pool: pg.Pool, jobs: ReadonlyArray<RawJob>, callers: number, prepared: boolean) => {
  const outcomes: Record<string, number> = {}
  let next = 0
  const caller = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!
      const client = await pool.connect()
      let tag: string
      try {
        tag = await rawJoin(client, job, prepared)
        client.release()
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)))
        tag = `error: ${error instanceof Error ? error.message : String(error)}`
      }
      outcomes[tag] = (outcomes[tag] ?? 0) + 1
    }
  }
  await Promise.all(Array.from({ length: callers }, caller))
  return outcomes
}

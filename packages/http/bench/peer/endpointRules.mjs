// The yardsticks' peer with this project's rules (bench/peer.ts): a hand-written Express 5 + pg
// endpoint serving `POST /v1/me/group` on a database the project's migrations made
// (bench/abWorld.ts), with the statements the host sends for a join (bench/sql/join.sql) and the
// rules that decide between them, written as such an endpoint is usually written: parameterized
// queries, one after another, on a pool of POOL_SIZE (bench/peer.ts passes the host's default),
// each a named (prepared) statement as the host's are, so the server plans each once per
// connection. What it does, in the host's order:
//   1. the client address's throttle (R15) and the session by token hash (authentication), at
//      once on two pooled clients; 429 or 401/403 first;
//   2. the account's and the address's throttle in one statement (429);
//   3. the code's lookup hash (HMAC under the key NodeSecrets derives from MASTER_KEY), then on
//      one client BEGIN, the group by that hash FOR UPDATE (404, suspended, full), the user FOR
//      SHARE with its membership FOR UPDATE (already a member), the seat, membership, outbox
//      event and audit entry in one statement, COMMIT; a bad code counts a throttle failure.
// No helmet, no request log, no request ids, no Schema decoding, no OpenAPI: the rules' SQL and
// the HTTP round, nothing else. Env: DATABASE_URL, MASTER_KEY (base64), POOL_SIZE; prints its URL on stderr.
import { createHash, createHmac, createSecretKey, hkdfSync, randomUUID } from "node:crypto"
import express from "express"
import pg from "pg"

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) })
const lookupKey = createSecretKey(Buffer.from(hkdfSync("sha256", Buffer.from(process.env.MASTER_KEY ?? "", "base64"),
  "corporate-groups/secrets", "code-lookup/v1", 32)))
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex")
const WINDOW_MS = 15 * 60 * 1000
const PER_ACCOUNT = 10
const PER_ADDRESS = 30
const GRACE_MS = 3 * 24 * 60 * 60 * 1000

// The throttle's read as the host's adapter sends it (PostgresThrottle.ts): the keys as a
// VALUES list, one statement for each number of keys, so the server keeps a generic plan.
const throttleRead = (count) => `select q.i, f.at from (values ${Array.from({ length: count }, (_, k) => `(${k + 1}, $${2 * k + 1}::text, $${2 * k + 2}::int)`).join(", ")}) as q(i, key_hash, lim)
  cross join lateral (select at from throttle_failures where key_hash = q.key_hash and at >= $${2 * count + 1}::timestamptz
  order by at desc limit q.lim) f order by q.i, f.at desc`
const THROTTLE_1 = throttleRead(1)
const THROTTLE_2 = throttleRead(2)
const SESSION = `select id, token_hash, account_id, account_kind, client, created_at, expires_at from sessions where token_hash = $1`
const GROUP = `select id, name, seats, members, paid_through, code_lookup_hash, code_sealed, phone_balance, currency, created_at
  from groups where code_lookup_hash = $1 for update`
const USER = `select u.id as user_id, u.first_name, u.last_name, m.group_id, m.joined_at
  from (select id, first_name, last_name from users where id = $1 for share) as u
  left join lateral (select group_id, joined_at from memberships where user_id = u.id for update) as m on true`
const WRITES = `with w0 as (update groups set members = members + 1 where id = $1 and members < seats returning 1),
  w1 as (insert into memberships (user_id, group_id, joined_at, sort_last, sort_first) values ($2, $1, $3, $4, $5) returning 1),
  w2 as (insert into outbox (event_id, type, group_id, at, actor, target, payload)
    values ($6, 'MemberJoined', $1, $3, $7::jsonb, $7::jsonb, $8::jsonb) returning 1),
  w3 as (insert into audit (id, group_id, at, actor, action, target) values ($9, $1, $3, $7::jsonb, 'member-joined', $7::jsonb) returning 1)
  select (select count(*) from w0)::int as c0`
const FAILURE = `insert into throttle_failures (key_hash, at) select unnest($1::text[]), $2::timestamptz`

/** Whether a key's failures in the window reached its limit (the throttle's rows, newest first). */
const over = (rows, i, limit) => rows.filter((row) => row.i === i).length >= limit

const problem = (res, status, type) =>
  void res.status(status).type("application/problem+json").json({ type: `https://errors.example/${type}`, status })

const app = express()
app.disable("x-powered-by")
app.use(express.json({ limit: 102_400 }))

const join = async (req, res) => {
  const now = new Date()
  const since = new Date(now.getTime() - WINDOW_MS)
  const addressKey = sha256(`redeem:address:${req.ip}`)
  const token = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1] ?? ""
  const [address, session] = await Promise.all([
    pool.query({ name: "throttle1", text: THROTTLE_1, values: [addressKey, PER_ADDRESS, since] }),
    pool.query({ name: "session", text: SESSION, values: [sha256(token)] })
  ])
  if (over(address.rows, 1, PER_ADDRESS)) return problem(res, 429, "rate-limited")
  const found = session.rows[0]
  if (found === undefined || found.expires_at <= now) return problem(res, 401, "unauthenticated")
  if (found.account_kind !== "user") return problem(res, 403, "forbidden")
  const userId = found.account_id
  const accountKey = sha256(`redeem:account:${userId}`)
  const throttled = await pool.query({ name: "throttle2", text: THROTTLE_2, values: [accountKey, PER_ACCOUNT, addressKey, PER_ADDRESS, since] })
  if (over(throttled.rows, 1, PER_ACCOUNT) || over(throttled.rows, 2, PER_ADDRESS)) return problem(res, 429, "rate-limited")
  const typed = req.body?.corporateCode
  if (typeof typed !== "string" || typed.length > 64) return problem(res, 400, "validation-failed")
  const code = typed.toUpperCase().replace(/[\s\p{Pd}]/gu, "").replace(/[IL]/g, "1").replace(/O/g, "0")
  const client = await pool.connect()
  try {
    await client.query("BEGIN")
    const group = (await client.query({ name: "group", text: GROUP, values: [createHmac("sha256", lookupKey).update(code, "utf8").digest("hex")] })).rows[0]
    const user = (await client.query({ name: "user", text: USER, values: [userId] })).rows[0]
    const refuse = group === undefined ? [404, "corporate-code-invalid"]
      : user === undefined ? [401, "unauthenticated"]
      : user.group_id !== null ? [409, user.group_id === group.id ? "already-member" : "member-of-another-group"]
      : group.paid_through === null || group.paid_through.getTime() + GRACE_MS < now.getTime() ? [409, "group-suspended"]
      : group.members >= group.seats ? [409, "group-full"]
      : null
    if (refuse !== null) {
      await client.query("ROLLBACK")
      if (refuse[1] === "corporate-code-invalid") await pool.query(FAILURE, [[accountKey, addressKey], now])
      return problem(res, refuse[0], refuse[1])
    }
    const actor = JSON.stringify({ id: userId, kind: "user" })
    const payload = JSON.stringify({ userId, groupId: group.id })
    const seat = await client.query({ name: "writes", text: WRITES, values: [group.id, userId, now, user.last_name, user.first_name, randomUUID(), actor, payload, randomUUID()] })
    if (seat.rows[0].c0 !== 1) {
      await client.query("ROLLBACK")
      return problem(res, 409, "group-full")
    }
    await client.query("COMMIT")
    res.json({ group: { id: group.id, name: group.name }, tariff: { plan: "corporate", groupId: group.id } })
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
app.post("/v1/me/group", (req, res, next) => void join(req, res).catch(next))

const server = app.listen(0, "127.0.0.1", () => process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`))
process.once("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))))

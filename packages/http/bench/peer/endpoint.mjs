// The peer of the yardsticks (shared/yardsticks/README.md), rebuilt so it can be measured on
// the machine at hand: a hand-written Express 5 + pg endpoint doing only the yardstick's
// transaction (physical/redeem.sql) on the `peerbench` database, with no authentication,
// no throttle, no rules, no log: POST /join {"code": "CODE-<n>"}. One pooled client per
// request, one query after another (BEGIN, the group by code hash, the conditional seat,
// the membership, the outbox event, COMMIT), plain parameterized queries, as such an
// endpoint is usually written. PEERBENCH_URL names the database, POOL_SIZE the pool's connections
// (bench/peer.ts passes the host's default, so the peers and the host queue alike); it prints its
// URL on stderr.
import { createHash } from "node:crypto"
import express from "express"
import pg from "pg"

const pool = new pg.Pool({ connectionString: process.env.PEERBENCH_URL, max: Number(process.env.POOL_SIZE ?? 10) })
const app = express()
app.disable("x-powered-by")
app.use(express.json())

const join = async (req, res) => {
  const code = typeof req.body?.code === "string" ? req.body.code : ""
  const client = await pool.connect()
  try {
    await client.query("BEGIN")
    const hash = createHash("sha256").update(code, "utf8").digest()
    const group = await client.query("SELECT id FROM phys.groups WHERE code_hash = $1", [hash])
    if (group.rows.length === 0) {
      await client.query("ROLLBACK")
      return void res.status(404).json({ error: "no such code" })
    }
    const groupId = group.rows[0].id
    const seat = await client.query("UPDATE phys.groups SET members = members + 1 WHERE id = $1 AND members < seats RETURNING id", [groupId])
    if (seat.rows.length === 0) {
      await client.query("ROLLBACK")
      return void res.status(409).json({ error: "group full" })
    }
    const member = await client.query(
      "INSERT INTO phys.memberships (user_id, group_id) VALUES (nextval('phys.user_seq'), $1) RETURNING user_id", [groupId])
    const userId = member.rows[0].user_id
    await client.query("INSERT INTO phys.outbox (type, aggregate_id, payload) VALUES ('MemberJoined', $1, $2)",
      [groupId, JSON.stringify({ groupId: Number(groupId), userId: Number(userId) })])
    await client.query("COMMIT")
    res.json({ groupId, userId })
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined)
    res.status(500).json({ error: String(error) })
  } finally {
    client.release()
  }
}
app.post("/join", (req, res, next) => void join(req, res).catch(next))

const server = app.listen(0, "127.0.0.1", () => process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`))
process.once("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))))

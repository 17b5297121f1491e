/**
 * The world of the A/B benchmarks (ab.ts, abHttp.ts): a scratch database
 * migrated by the project's migrations and filled by `sql/seed.sql` (1,000
 * groups, users never members, each with an app session whose token is
 * `tok<n>`), the groups' code lookup hashes set from fresh codes hashed by
 * this build's `Secrets` under `masterKey`, so the domain's own lookup finds
 * them. Code i goes to group i (group 1,000 gets code 0): user n joins with
 * `codes[n % 1000]`.
 */
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { corporateCodeFromBytes, Secrets } from "@corporate-groups/domain"
import { NodeSecrets } from "@corporate-groups/adapters"
import { Effect } from "effect"
import { migrate, psql, say } from "./scratch.ts"
import { median } from "./script.ts"

export const GROUPS = 1000
const SQL_DIR = fileURLToPath(new URL("./sql/", import.meta.url))

/** Seeds the database at `url` with `users` users; answers the groups' codes, by group number mod 1,000. */
export const seedAbWorld = async (url: string, masterKey: Uint8Array, users: number): Promise<Array<string>> => {
  say(`seeding a scratch database: ${GROUPS} groups, ${users} users…`)
  await migrate(url)
  await psql(url, "-v", `users=${users}`, "-f", resolve(SQL_DIR, "seed.sql"))
  const codes = Array.from({ length: GROUPS }, () => corporateCodeFromBytes(randomBytes(10)))
  const hashes = await Effect.runPromise(
    Effect.gen(function*() {
      const secrets = yield* Secrets
      return yield* Effect.forEach(codes, (code) => secrets.codeLookupHash(code))
    }).pipe(Effect.provide(NodeSecrets.layer(masterKey)))
  )
  const updates = hashes.map((hash, i) => `update groups set code_lookup_hash = '${hash}' where id = md5('g' || ${i === 0 ? GROUPS : i})::uuid;`)
  const script = join(tmpdir(), `cg-bench-ab-${randomBytes(4).toString("hex")}.sql`)
  writeFileSync(script, updates.join("\n"))
  await psql(url, "-f", script)
  return codes
}

/** Whether the joins left what they should: every answered join a seat, a membership and an event; nobody over. */
export const checkJoined = async (url: string, least: number, most: number): Promise<void> => {
  const { stdout } = await psql(url, "-Atc",
    "select count(*), (select sum(members) from groups), (select count(*) from outbox), (select count(*) from groups where members > seats) from memberships")
  const [rows, counters, events, over] = stdout.trim().split("|").map(Number) as [number, number, number, number]
  if (rows !== counters || rows !== events || over !== 0 || rows < least || rows > most) {
    throw new Error(`the joins left ${stdout.trim()} (memberships|counters|events|over), expected ${least}…${most} and none over`)
  }
}

/** One side's measurement of one window: the joins answered and the CPU µs a join (of what the report names). */
export interface WindowCost {
  readonly joins: number
  readonly usPerJoin: number
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`

/**
 * The report of an A/B run: `heading` lines, then every window of A beside
 * B's (`measure`: whose CPU, "host" say), then the median of B / A.
 */
export const abReport = (
  heading: ReadonlyArray<string>,
  measure: string,
  ofA: ReadonlyArray<WindowCost>,
  ofB: ReadonlyArray<WindowCost>
): string => {
  const ratios = ofA.map((w, i) => ofB[i]!.usPerJoin / w.usPerJoin)
  const rows = ofA.map((w, i) =>
    `| ${i + 1} | ${w.joins} | ${w.usPerJoin.toFixed(0)} | ${ofB[i]!.joins} | ${ofB[i]!.usPerJoin.toFixed(0)} | ${percent(ratios[i]!)} |`)
  return [
    ...heading,
    "",
    `| window | A joins | A ${measure} CPU µs/join | B joins | B ${measure} CPU µs/join | B / A |`,
    "|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    `B / A, median of ${ratios.length} windows: ${percent(median(ratios))} (lowest ${percent(Math.min(...ratios))}, highest ${percent(Math.max(...ratios))})`
  ].join("\n") + "\n"
}

/**
 * A statement compiled once (Template.ts) is, for any arguments, exactly the
 * statement kysely would build and compile from them on the call: the same
 * text and the same parameters in the same places.
 */
import { describe, expect, it } from "vitest"
import * as fc from "fast-check"
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely"
import type { Database } from "../../src/postgres/Database.js"
import { type Arguments, rowOf, template } from "../../src/postgres/Template.js"

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler()
  }
})

const compiled = (query: { compile(): { sql: string; parameters: ReadonlyArray<unknown> } }) => {
  const { parameters, sql } = query.compile()
  return { sql, parameters: [...parameters] }
}

const value = fc.oneof(fc.string(), fc.constant(null), fc.integer())

describe("statements compiled once", () => {
  it("a locked lookup, an update of a whole row and an insert match kysely's own, for any arguments", () => {
    type Args = { id: string; name: string; seats: number; hash: string }
    const lookup = (d: Kysely<Database>, arg: Arguments<Args>) =>
      d.selectFrom("groups").select(["id", "members"]).where("code_lookup_hash", "=", arg("hash")).where("seats", ">", arg("seats"))
        .forUpdate()
    const update = (d: Kysely<Database>, arg: Arguments<Args>) =>
      d.updateTable("groups").set(rowOf(arg, ["name", "seats"] as const)).set("members", 0).where("id", "=", arg("id"))
    const insert = (d: Kysely<Database>, arg: Arguments<Args>) =>
      d.insertInto("memberships").values({ user_id: arg("id"), group_id: arg("hash"), joined_at: "2030-01-01T00:00:00.000Z", sort_last: arg("name"), sort_first: arg("name") })
    const templates = [lookup, update, insert].map((build) => [build, template(build)] as const)
    fc.assert(
      fc.property(fc.record({ id: fc.uuid(), name: fc.string(), seats: fc.integer(), hash: fc.string() }), (args) => {
        for (const [build, once] of templates) {
          const direct = build(db, ((name: keyof Args) => args[name]) as Arguments<Args>)
          expect(compiled(once(db, args))).toEqual(compiled(direct))
        }
      })
    )
  })

  it("null and numbers travel as parameters like strings do", () => {
    type Args = { a: unknown; b: unknown }
    const build = (d: Kysely<Database>, arg: Arguments<Args>) =>
      d.updateTable("groups").set({ paid_through: arg("a") as string | null }).where("id", "=", arg("b") as string)
    const once = template(build)
    fc.assert(fc.property(value, value, (a, b) => {
      expect(compiled(once(db, { a, b }))).toEqual(compiled(build(db, ((name: keyof Args) => ({ a, b })[name]) as Arguments<Args>)))
    }))
  })
})

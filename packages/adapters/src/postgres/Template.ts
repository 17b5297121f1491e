/**
 * A statement kysely builds and compiles once, for the statements a join
 * sends on every call: building a query (immutable node trees, frozen
 * objects) and compiling it cost more Node CPU than sending it. The builder
 * runs once with a stand-in for each argument, and the compiled text is kept
 * with where each stand-in landed among the parameters; a call only puts its
 * arguments in those places. The text is then the same on every call, which
 * is also what lets the server keep it prepared (SqlConnections.ts).
 *
 * The builder must use every argument as a plain value (a `where` operand, a
 * column's value), never to decide the query's shape: stand-ins are opaque,
 * and a shape chosen from one would be kept for every call.
 */
import type { Compilable, CompiledQuery, Kysely } from "kysely"
import type { Database } from "./Database.js"

const STAND_IN = Symbol("Template.standIn")

interface StandIn {
  readonly [STAND_IN]: string
}

const isStandIn = (value: unknown): value is StandIn => typeof value === "object" && value !== null && STAND_IN in value

type Slot = { readonly argument: string } | { readonly constant: unknown }

/** `arg("name")` stands in for the argument `name` while the query is built. */
export type Arguments<A> = <K extends keyof A & string>(name: K) => A[K]

export const template = <A extends object, R>(build: (db: Kysely<Database>, arg: Arguments<A>) => Compilable<R>) => {
  let compiled: { readonly sql: string; readonly slots: ReadonlyArray<Slot> } | undefined
  return (db: Kysely<Database>, args: A): Compilable<R> => {
    if (compiled === undefined) {
      const standIn = (name: string) => ({ [STAND_IN]: name }) as unknown
      const { parameters, sql } = build(db, standIn as Arguments<A>).compile()
      compiled = {
        sql,
        slots: parameters.map((value): Slot => isStandIn(value) ? { argument: value[STAND_IN] } : { constant: value })
      }
    }
    const { slots, sql } = compiled
    const parameters = slots.map((slot) => "argument" in slot ? (args as Record<string, unknown>)[slot.argument] : slot.constant)
    // The store reads only `sql` and `parameters` of a compiled query (TxContext.ts).
    return { compile: () => ({ sql, parameters }) as unknown as CompiledQuery<R> }
  }
}

/** Stand-ins for a whole row: `{ column: arg(column) }` for each column. */
export const rowOf = <A, const C extends ReadonlyArray<keyof A & string>>(arg: Arguments<A>, columns: C): { [K in C[number]]: A[K] } =>
  Object.fromEntries(columns.map((column) => [column, arg(column)])) as { [K in C[number]]: A[K] }

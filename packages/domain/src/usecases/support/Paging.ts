/**
 * R16, API.md §1 Lists and §5 Lists: every list is read by keyset, never by
 * offset. A page asks the store for `limit + 1` rows after the cursor's key;
 * the extra row only tells whether another page follows, and the cursor of
 * the next page is the key of the last row shown. So a row inserted between
 * two pages is neither repeated nor hidden, and the last page's `nextCursor`
 * is null.
 *
 * Two keysets exist: the members order (rules/MemberOrder.ts, the address
 * book and the admin's Users list) and the store's `position` of newest-first
 * lists (invoices, payments, the audit trail). A cursor is made by
 * values/Page.ts `encodeCursor` from the key's parts and only such a cursor
 * decodes; anything else is `validation-failed` on `cursor`.
 *
 * Use: decode the query *before* the transaction (`decodePageQuery`, field
 * validation comes before the rules), then read the page inside it
 * (`membersPage`, `newestFirstPage`, or `readPage` for any other keyset).
 */
import { Effect, Option } from "effect"
import type { ValidationFailed } from "../../errors/DomainErrors.js"
import type { Member } from "../../model/Membership.js"
import type { NewestFirst, Positioned, Tx } from "../../ports/Store.js"
import { type MemberKey, memberKey } from "../../rules/MemberOrder.js"
import type { GroupId } from "../../values/Ids.js"
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, type Page, PageRequest } from "../../values/Page.js"
import { decodeInput, invalid, mergeValidation } from "../../values/Validation.js"
import { dropNulls } from "./Input.js"

/** The field a bad cursor is reported on. */
export const CURSOR_FIELD = "cursor"

/** How the sort key `K` of a list's rows `Row` travels in a cursor. */
export interface Keyset<K, Row> {
  /** How many strings the cursor carries. */
  readonly arity: number
  readonly toParts: (key: K) => ReadonlyArray<string>
  /** None when the parts cannot be a key of this list (a forged or foreign cursor). */
  readonly fromParts: (parts: ReadonlyArray<string>) => Option.Option<K>
  /** The key of a row, as the store orders rows. */
  readonly keyOf: (row: Row) => K
}

/** A decoded list query: how many rows, and after which key (null: from the start). */
export interface PageQuery<K> {
  readonly limit: number
  readonly after: K | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
// A lone surrogate (in `u` mode a pair is one code point, so only lone halves
// match) or a control character can be in no stored name (values/PersonName.ts)
// and could not be sent to every store (PostgreSQL refuses NUL and bad UTF-8).
const UNSTORABLE = /[\p{Cc}\uD800-\uDFFF]/u

const isNamePart = (part: string): boolean => !UNSTORABLE.test(part)

/** R16: the members order, last name, first name (folded), then id. */
export const membersKeyset: Keyset<MemberKey, Member> = {
  arity: 3,
  toParts: (key) => [key.lastName, key.firstName, key.id],
  fromParts: ([lastName, firstName, id]) =>
    lastName !== undefined && firstName !== undefined && id !== undefined &&
      isNamePart(lastName) && isNamePart(firstName) && UUID.test(id)
      ? Option.some({ lastName, firstName, id })
      : Option.none(),
  keyOf: (member) => memberKey(member.user)
}

const POSITION = /^(0|[1-9][0-9]{0,15})$/

/** Newest-first lists: the store-assigned `position`, a non-negative integer. */
export const positionKeyset: Keyset<number, Positioned<unknown>> = {
  arity: 1,
  toParts: (position) => [String(position)],
  fromParts: ([part]) => {
    if (part === undefined || !POSITION.test(part)) return Option.none()
    const position = Number(part)
    return Number.isSafeInteger(position) ? Option.some(position) : Option.none()
  },
  keyOf: (row) => row.position
}

/** The cursor that continues a list after `key`. */
export const cursorOf = <K>(keyset: Pick<Keyset<K, never>, "toParts">, key: K): string =>
  encodeCursor(keyset.toParts(key))

/** The key a cursor carries, or None when it is malformed for this list. */
export const keyOfCursor = <K>(
  keyset: Pick<Keyset<K, never>, "arity" | "fromParts">,
  cursor: string
): Option.Option<K> => Option.flatMap(decodeCursor(cursor, keyset.arity), keyset.fromParts)

const cursorIn = (
  input: unknown,
  keyset: Pick<Keyset<unknown, never>, "arity" | "fromParts">
): Effect.Effect<void, ValidationFailed> => {
  const cursor = typeof input === "object" && input !== null ? (input as Record<string, unknown>).cursor : undefined
  // A cursor that is not a string at all is reported by the schema.
  return typeof cursor === "string" && Option.isNone(keyOfCursor(keyset, cursor))
    ? Effect.fail(invalid(CURSOR_FIELD, "must be a cursor returned by this list"))
    : Effect.void
}

/**
 * Decodes `{ limit?, cursor? }` (query-string strings or numbers; `undefined`
 * or `null`, as the input or as either field, reads as absent): `limit` 1–200, default 50 (values/Page.ts);
 * a cursor this list did not make is `validation-failed` on `cursor`. A bad
 * limit and a bad cursor are reported together.
 */
export const decodePageQuery = <K>(keyset: Pick<Keyset<K, never>, "arity" | "fromParts">) => {
  const decodeRequest = decodeInput(PageRequest)
  return (input: unknown): Effect.Effect<PageQuery<K>, ValidationFailed> => {
    const raw = dropNulls(input ?? {}, ["limit", "cursor"])
    return mergeValidation(decodeRequest(raw), cursorIn(raw, keyset)).pipe(
      Effect.map(([request]) => ({
        limit: request.limit ?? DEFAULT_LIMIT,
        after: request.cursor === undefined ? null : Option.getOrNull(keyOfCursor(keyset, request.cursor))
      }))
    )
  }
}

/**
 * One page of any keyset: `fetch(after, n)` returns up to `n` rows strictly
 * after `after`, in the list's order; it is asked for `limit + 1`.
 */
export const readPage = <K, Row, E, R>(
  keyset: Pick<Keyset<K, Row>, "toParts" | "keyOf">,
  query: PageQuery<K>,
  fetch: (after: K | null, limit: number) => Effect.Effect<ReadonlyArray<Row>, E, R>
): Effect.Effect<Page<Row>, E, R> =>
  Effect.map(fetch(query.after, query.limit + 1), (rows) => {
    if (rows.length <= query.limit) return { items: rows, nextCursor: null }
    const items = rows.slice(0, query.limit)
    return { items, nextCursor: cursorOf(keyset, keyset.keyOf(items[items.length - 1]!)) }
  })

/** The same page with every item mapped (to the response's shape). */
export const mapPage = <A, B>(page: Page<A>, f: (item: A) => B): Page<B> => ({
  items: page.items.map(f),
  nextCursor: page.nextCursor
})

/** R16: a page of a group's members in the members order. */
export const membersPage = (tx: Tx, groupId: GroupId, query: PageQuery<MemberKey>): Effect.Effect<Page<Member>> =>
  readPage(membersKeyset, query, (after, limit) => tx.memberships.page(groupId, after, limit))

/**
 * A page of a newest-first list, e.g.
 * `newestFirstPage(query, (page) => tx.invoices.list(groupId, page))`; the
 * items are the rows without their positions.
 */
export const newestFirstPage = <A, E, R>(
  query: PageQuery<number>,
  list: (page: NewestFirst) => Effect.Effect<ReadonlyArray<Positioned<A>>, E, R>
): Effect.Effect<Page<A>, E, R> =>
  readPage(positionKeyset, query, (before, limit) => list({ before, limit })).pipe(
    Effect.map((page) => mapPage(page, (row) => row.item))
  )

/** An empty last page (R16: non-members see an empty book). */
export const emptyPage = <A>(): Page<A> => ({ items: [], nextCursor: null })

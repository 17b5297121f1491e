/**
 * Newest-first keyset pages over rows kept in insertion order. Positions are
 * handed out increasing, so insertion order is position order and a page is a
 * binary search for `before` and a walk backwards, with no sort.
 */
import type { NewestFirst, Positioned } from "@corporate-groups/domain"

/** The index of the first row whose position is ≥ `before` (the rows before it are older). */
const olderThan = <A>(rows: ReadonlyArray<Positioned<A>>, before: number): number => {
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (rows[mid]!.position < before) lo = mid + 1
    else hi = mid
  }
  return lo
}

export const newestFirst = <A>(rows: ReadonlyArray<Positioned<A>>, page: NewestFirst): ReadonlyArray<Positioned<A>> => {
  if (page.limit <= 0) return []
  const end = page.before === null ? rows.length : olderThan(rows, page.before)
  return rows.slice(Math.max(0, end - page.limit), end).toReversed()
}

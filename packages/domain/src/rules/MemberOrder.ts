/**
 * R16: the one order of members, shared by the address book and the admin's
 * Users list: last name, then first name, compared case-insensitively by code
 * point, ties broken by id compared as strings. Adapters sort by exactly this
 * key (Postgres stores the folded names with `COLLATE "C"`, which is code
 * point order for UTF-8), so a keyset cursor means the same everywhere.
 */
import type { User } from "../model/Accounts.js"

export interface MemberKey {
  readonly lastName: string
  readonly firstName: string
  readonly id: string
}

/** Unicode case folding as far as JavaScript offers it: lower-case after upper-case. */
export const foldName = (name: string): string => name.toUpperCase().toLowerCase()

export const memberKey = (user: Pick<User, "id" | "firstName" | "lastName">): MemberKey => ({
  lastName: foldName(user.lastName),
  firstName: foldName(user.firstName),
  id: user.id
})

/** Compares by Unicode code point, not by UTF-16 unit (which differs above U+FFFF). */
export const compareCodePoints = (a: string, b: string): number => {
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  for (;;) {
    const x = ia.next()
    const y = ib.next()
    if (x.done) return y.done ? 0 : -1
    if (y.done) return 1
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!
    if (d !== 0) return d < 0 ? -1 : 1
  }
}

export const compareMemberKeys = (a: MemberKey, b: MemberKey): number =>
  compareCodePoints(a.lastName, b.lastName) ||
  compareCodePoints(a.firstName, b.firstName) ||
  compareCodePoints(a.id, b.id)

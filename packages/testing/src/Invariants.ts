/**
 * SPEC's invariants as checks on a committed snapshot, independent of any use
 * case: what must hold after every step of every run, on every adapter.
 * Returns the violations found, each naming its rule, so a failing property
 * says which rule broke.
 */
import type { StoreSnapshot } from "./StateInspector.js"

export const invariantViolations = (s: StoreSnapshot): ReadonlyArray<string> => {
  const violations: Array<string> = []
  const fail = (rule: string, message: string) => violations.push(`${rule}: ${message}`)

  // R1, R2: TrueConf IDs unique among users; emails unique among all accounts.
  const ids = new Set<string>()
  const emails = new Set<string>()
  for (const account of [...s.users, ...s.admins]) {
    if (emails.has(account.email)) fail("R2", `email ${account.email} is used twice`)
    emails.add(account.email)
  }
  for (const user of s.users) {
    if (ids.has(user.trueconfId)) fail("R2", `TrueConf ID ${user.trueconfId} is used twice`)
    ids.add(user.trueconfId)
  }

  // R10: at most one membership per user, only of real users and groups.
  const userIds = new Set(s.users.map((u) => u.id as string))
  const seen = new Set<string>()
  const membersOf = new Map<string, number>()
  for (const m of s.memberships) {
    if (seen.has(m.userId)) fail("R10", `user ${m.userId} is a member twice`)
    seen.add(m.userId)
    if (!userIds.has(m.userId)) fail("R10", `membership of unknown user ${m.userId}`)
    membersOf.set(m.groupId, (membersOf.get(m.groupId) ?? 0) + 1)
  }

  // R11: members never exceed seats; the counter equals the memberships.
  for (const g of s.groups) {
    const rows = membersOf.get(g.id) ?? 0
    if (g.members !== rows) fail("R11", `group ${g.id} counts ${g.members} members but has ${rows}`)
    if (g.members > g.seats) fail("R11", `group ${g.id} has ${g.members} members in ${g.seats} seats`)
    if (g.seats < 1) fail("R18", `group ${g.id} has ${g.seats} seats`)
    // R45
    if (g.phoneBalance.amount < 0) fail("R45", `group ${g.id} has a negative phone balance`)
  }
  const groupIds = new Set(s.groups.map((g) => g.id as string))
  for (const groupId of membersOf.keys()) {
    if (!groupIds.has(groupId)) fail("R10", `membership in unknown group ${groupId}`)
  }

  // R4, R18: every admin has its group, every group exactly one admin.
  const adminsOf = new Map<string, number>()
  for (const a of s.admins) adminsOf.set(a.groupId, (adminsOf.get(a.groupId) ?? 0) + 1)
  for (const g of s.groups) {
    if (adminsOf.get(g.id) !== 1) fail("R18", `group ${g.id} has ${adminsOf.get(g.id) ?? 0} admins`)
  }

  // R44: a paid invoice has exactly one succeeded payment; an unpaid one none.
  const succeeded = new Map<string, number>()
  for (const { item: p } of s.payments) {
    if (p.status === "succeeded") succeeded.set(p.invoiceId, (succeeded.get(p.invoiceId) ?? 0) + 1)
  }
  for (const { item: invoice } of s.invoices) {
    const paid = succeeded.get(invoice.id) ?? 0
    const expected = invoice.status === "paid" ? 1 : 0
    if (paid !== expected) fail("R44", `${invoice.status} invoice ${invoice.id} has ${paid} succeeded payments`)
    if ((invoice.status === "paid") !== (invoice.paidAt !== null)) fail("R44", `invoice ${invoice.id} paidAt disagrees`)
  }

  // R50: every membership was announced; R51: the audit trail only names real groups.
  const joined = new Set(
    s.outbox.filter((e) => e.type === "MemberJoined").map((e) => `${String(e.payload["userId"])}:${e.groupId}`)
  )
  for (const m of s.memberships) {
    if (!joined.has(`${m.userId}:${m.groupId}`)) fail("R50", `membership ${m.userId} in ${m.groupId} has no MemberJoined event`)
  }
  for (const { item: entry } of s.audit) {
    if (!groupIds.has(entry.groupId)) fail("R51", `audit entry ${entry.id} of unknown group`)
  }
  return violations
}

/**
 * The model of the model-based suite: what SPEC.md says should happen, kept as
 * simple as it can be: counts, sets and instants, no money arithmetic, no
 * storage. Each `expect…` returns the tag the real use case must answer.
 */
export const DAY = 86_400_000
/** DomainConfig's defaults (billing period 30 days, grace 3 days, R15 window and limit). */
export const PERIOD = 30 * DAY
export const GRACE = 3 * DAY
export const THROTTLE_WINDOW = 15 * 60_000
export const REDEMPTIONS_PER_ACCOUNT = 10
export const RATE_PER_MINUTE = 300

/** An invoice as the model sees it: open until `end` (then it reads void). */
export interface OpenInvoice {
  readonly end: number
  /** For a seats invoice: the seats it adds when paid. */
  readonly added?: number
}

export interface GroupModel {
  seats: number
  paidThrough: number | null
  members: Set<number>
  balance: number
  first: OpenInvoice | null
  renewal: OpenInvoice | null
  raise: OpenInvoice | null
}

export interface UserModel {
  group: number | null
  /** Times of failed redemptions (R15), for the per-account throttle. */
  failures: Array<number>
}

export interface Model {
  now: number
  groups: Array<GroupModel>
  users: Array<UserModel>
}

export type Status = "pending-payment" | "active" | "suspended"

export const status = (m: Model, g: GroupModel): Status =>
  g.paidThrough === null ? "pending-payment" : m.now < g.paidThrough + GRACE ? "active" : "suspended"

export const isOpen = (m: Model, invoice: OpenInvoice | null): invoice is OpenInvoice =>
  invoice !== null && m.now < invoice.end

/** R32 */
export const tariffOf = (m: Model, u: UserModel): "corporate" | "free" =>
  u.group !== null && status(m, m.groups[u.group]!) === "active" ? "corporate" : "free"

/** R15: the per-account redemption throttle. */
export const throttled = (m: Model, u: UserModel): boolean =>
  u.failures.filter((t) => t > m.now - THROTTLE_WINDOW).length >= REDEMPTIONS_PER_ACCOUNT

/** R12 and API.md §5 order of checks, for a code that names group `g` (or none). */
export const expectAdmission = (m: Model, g: number | null, current: number | null): string => {
  if (g === null) return "corporate-code-invalid"
  if (current === g) return "already-member"
  if (current !== null) return "member-of-another-group"
  const group = m.groups[g]!
  if (status(m, group) === "suspended") return "group-suspended"
  if (group.members.size >= group.seats) return "group-full"
  return "ok"
}

/** R43: the outcome of setting the seats of group `g` to `n`. */
export const expectSeatChange = (m: Model, g: GroupModel, n: number): string => {
  if (n === g.seats) return "ok"
  if (n < g.members.size) return "seats-below-members"
  if (n > g.seats && status(m, g) === "suspended") return "group-suspended"
  return "ok"
}

export const applySeatChange = (m: Model, g: GroupModel, n: number): void => {
  if (n === g.seats) return
  const st = status(m, g)
  if (st === "pending-payment") {
    g.seats = n
    g.first = { end: m.now + PERIOD }
  } else if (n < g.seats) {
    g.seats = n
    g.raise = null
  } else if (g.paidThrough !== null && m.now < g.paidThrough) {
    g.raise = { end: g.paidThrough, added: n - g.seats }
  } else {
    // Active in the grace period: no paid time left to prorate, the seats apply at once.
    g.seats = n
    g.raise = null
  }
}

/** API.md §5 Periods: the outcome of asking for a renewal. */
export const expectRenewal = (m: Model, g: GroupModel): string =>
  isOpen(m, g.first) || isOpen(m, g.renewal) ? "open-invoice-exists" : "ok"

export const applyRenewal = (m: Model, g: GroupModel): void => {
  if (g.paidThrough === null) g.first = { end: m.now + PERIOD }
  else if (status(m, g) === "suspended") g.renewal = { end: m.now + PERIOD }
  else g.renewal = { end: g.paidThrough + PERIOD }
}

export type InvoiceKind = "first" | "renewal" | "raise"

/** R42, R43: paying an open invoice. */
export const applyPayment = (g: GroupModel, kind: InvoiceKind): void => {
  const invoice = g[kind]!
  if (kind === "raise") g.seats += invoice.added!
  else g.paidThrough = Math.max(g.paidThrough ?? 0, invoice.end)
  g[kind] = null
}

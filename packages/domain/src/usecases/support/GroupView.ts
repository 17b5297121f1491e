/**
 * R17, API.md §3 and §5 *Group info*: the group as its admin sees it, shared
 * by `GET /v1/admin/group` and `PATCH /v1/admin/group`. The code is shown in
 * display form, opened from its encrypted copy (R15); the status is derived
 * (R41); the tariff is the plan the group buys, Corporate, with its limits.
 */
import { DateTime, Effect, Option } from "effect"
import { DomainConfig } from "../../config/DomainConfig.js"
import type { Tariff } from "../../config/Tariffs.js"
import type { Invoice } from "../../model/Billing.js"
import type { Group } from "../../model/Group.js"
import { Secrets } from "../../ports/Secrets.js"
import type { Tx } from "../../ports/Store.js"
import { type GroupStatus, groupStatus } from "../../rules/GroupStatus.js"
import { openSeatsInvoice } from "../../rules/InvoiceStatus.js"
import { displayCode, parseCode } from "../../values/CorporateCode.js"
import type { GroupName } from "../../values/GroupName.js"
import type { GroupId } from "../../values/Ids.js"

export interface GroupInfoView {
  readonly id: GroupId
  readonly name: GroupName
  /** Display form, `XXXX-XXXX-XXXX-XXXX`. */
  readonly corporateCode: string
  readonly seats: number
  readonly members: number
  readonly freeSeats: number
  /** Null until the first invoice is paid (R17). */
  readonly paidThrough: DateTime.Utc | null
  readonly status: GroupStatus
  readonly tariff: Tariff
  /** R43: the seat total once the open seats invoice is paid; absent without one. */
  readonly pendingSeats?: number
}

/**
 * R43: a raise waits for its invoice: the newest open `seats` invoice whose
 * period has not ended (an unpaid seats invoice is void once its period ends,
 * rules/InvoiceStatus.ts).
 */
export const pendingSeatsOf = (
  group: Pick<Group, "seats">,
  openInvoices: ReadonlyArray<Invoice>,
  now: DateTime.Utc
): number | null => {
  const raise = openSeatsInvoice(openInvoices, now)
  return raise === null ? null : group.seats + raise.seats
}

/** The display form of a sealed code (a stored code that is not canonical is shown as opened). */
export const openDisplayCode = Effect.fnUntraced(function*(sealed: string) {
  const opened = yield* (yield* Secrets).openCode(sealed)
  return Option.match(parseCode(opened), { onNone: () => opened, onSome: displayCode })
})

/** Group info of `group`, read in `tx` (its open invoices tell the pending seats). */
export const groupInfoIn = Effect.fnUntraced(function*(tx: Tx, group: Group) {
  const config = yield* DomainConfig
  const now = yield* DateTime.now
  const pendingSeats = pendingSeatsOf(group, yield* tx.invoices.listOpen(group.id), now)
  const view: GroupInfoView = {
    id: group.id,
    name: group.name,
    corporateCode: yield* openDisplayCode(group.code.sealed),
    seats: group.seats,
    members: group.members,
    freeSeats: Math.max(0, group.seats - group.members),
    paidThrough: group.paidThrough,
    status: groupStatus(group, now, config.gracePeriod),
    tariff: config.tariffs.corporate,
    ...(pendingSeats === null ? {} : { pendingSeats })
  }
  return view
})

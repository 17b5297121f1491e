/**
 * The response bodies of API.md *Shapes*, as Schemas, for the OpenAPI
 * document. Request bodies are the domain's own input Schemas; responses are
 * plain objects of the use cases, so their shapes are written once here, and
 * the route tests decode every success body with these (excess properties
 * refused), so the document cannot drift from what the API answers.
 */
import { FieldError, Page } from "@corporate-groups/domain"
import { Schema } from "effect"

const Id = Schema.String.annotate({ format: "uuid" })
const Time = Schema.String.annotate({ format: "date-time", description: "ISO 8601, UTC" })
const Int = Schema.Int

export const MoneyBody = Schema.Struct({ amount: Int, currency: Schema.String }).annotate({
  identifier: "Money",
  description: "Integer minor units and an ISO 4217 currency (R40)."
})

const ConferenceLimit = Schema.Struct({
  maxParticipants: Int,
  maxPresenters: Schema.NullOr(Int),
  maxDurationMinutes: Schema.NullOr(Int)
}).annotate({ identifier: "ConferenceLimit" })

export const TariffBody = Schema.Struct({
  name: Schema.Literals(["free", "corporate"]),
  limits: Schema.Struct({
    "point-to-point": Schema.NullOr(ConferenceLimit),
    symmetric: Schema.NullOr(ConferenceLimit),
    "role-based": Schema.NullOr(ConferenceLimit),
    asymmetric: Schema.NullOr(ConferenceLimit)
  })
}).annotate({ identifier: "Tariff", description: "R30: a null kind is not offered by the tariff." })

const GroupRef = Schema.Struct({ id: Id, name: Schema.String }).annotate({ identifier: "GroupRef" })

const userFields = {
  id: Id,
  trueconfId: Schema.String,
  email: Schema.String,
  firstName: Schema.String,
  lastName: Schema.String,
  country: Schema.String,
  language: Schema.String,
  productNews: Schema.Boolean,
  researchBulletin: Schema.Boolean
}

export const UserBody = Schema.Struct(userFields).annotate({ identifier: "User" })

/** `POST /v1/admin/members`: the new user, already a member (R13). */
export const MemberBody = Schema.Struct({ ...userFields, joinedAt: Time }).annotate({ identifier: "Member" })

/** An item of the admin's *Users* list (R16). */
export const MemberListItemBody = Schema.Struct({
  id: Id,
  trueconfId: Schema.String,
  email: Schema.String,
  firstName: Schema.String,
  lastName: Schema.String,
  joinedAt: Time
}).annotate({ identifier: "MemberListItem" })

export const MeBody = Schema.Struct({ ...userFields, tariff: TariffBody, group: Schema.NullOr(GroupRef) }).annotate({
  identifier: "Me"
})

export const SessionBody = Schema.Struct({
  token: Schema.String,
  expiresAt: Time,
  account: Schema.Struct({ id: Id, kind: Schema.Literals(["user", "group-admin"]) })
}).annotate({ identifier: "Session" })

export const InvoiceBody = Schema.Struct({
  id: Id,
  kind: Schema.Literals(["first", "renewal", "seats", "phone-top-up"]),
  status: Schema.Literals(["open", "paid", "void"]),
  amount: MoneyBody,
  seats: Int,
  periodStart: Schema.NullOr(Time),
  periodEnd: Schema.NullOr(Time),
  issuedAt: Time,
  paidAt: Schema.NullOr(Time)
}).annotate({ identifier: "Invoice" })

export const PaymentBody = Schema.Struct({
  id: Id,
  invoiceId: Id,
  status: Schema.Literals(["succeeded", "failed"]),
  amount: MoneyBody,
  gatewayReference: Schema.NullOr(Schema.String),
  failureReason: Schema.NullOr(Schema.String),
  createdAt: Time
}).annotate({ identifier: "Payment" })

const PhoneCallBody = Schema.Struct({ id: Id, phoneNumber: Schema.String, minutes: Int, cost: MoneyBody, at: Time })
  .annotate({ identifier: "PhoneCall" })

const Ref = Schema.Struct({ kind: Schema.String, id: Schema.String })

export const AuditEntryBody = Schema.Struct({ at: Time, actor: Ref, action: Schema.String, target: Schema.NullOr(Ref) })
  .annotate({ identifier: "AuditEntry" })

export const AddressBookEntryBody = Schema.Struct({
  id: Id,
  trueconfId: Schema.String,
  firstName: Schema.String,
  lastName: Schema.String
}).annotate({ identifier: "AddressBookEntry" })

const GroupStatus = Schema.Literals(["pending-payment", "active", "suspended"])

export const GroupInfoBody = Schema.Struct({
  id: Id,
  name: Schema.String,
  corporateCode: Schema.String,
  seats: Int,
  members: Int,
  freeSeats: Int,
  paidThrough: Schema.NullOr(Time),
  status: GroupStatus,
  tariff: TariffBody,
  pendingSeats: Schema.optionalKey(Int).annotate({ description: "R43: the total once the open seats invoice is paid." })
}).annotate({ identifier: "GroupInfo" })

export const RegisteredGroupBody = Schema.Struct({
  group: Schema.Struct({
    id: Id,
    name: Schema.String,
    corporateCode: Schema.String,
    seats: Int,
    members: Int,
    status: GroupStatus
  }),
  admin: Schema.Struct({ id: Id, email: Schema.String }),
  invoice: InvoiceBody
})

export const RegisteredUserBody = Schema.Struct({ user: UserBody, tariff: TariffBody, group: Schema.NullOr(GroupRef) })
export const JoinedBody = Schema.Struct({ group: GroupRef, tariff: TariffBody })
export const PermitBody = Schema.Struct({
  allowed: Schema.Literal(true),
  maxDurationMinutes: Schema.NullOr(Int),
  tariff: TariffBody
})
export const RecordedCallBody = Schema.Struct({ call: PhoneCallBody, balance: MoneyBody })
export const CorporateCodeBody = Schema.Struct({ corporateCode: Schema.String })
export const SeatsAppliedBody = Schema.Struct({ seats: Int, invoice: Schema.NullOr(InvoiceBody) })
export const SeatsPendingBody = Schema.Struct({ seats: Int, pendingSeats: Int, invoice: InvoiceBody })
export const RenewalBody = Schema.Struct({ invoice: InvoiceBody })
export const PaidBody = Schema.Struct({ payment: PaymentBody, invoice: InvoiceBody })
export const PhoneBalanceBody = Schema.Struct({ balance: MoneyBody, ratePerMinute: MoneyBody })
export const ToppedUpBody = Schema.Struct({ payment: PaymentBody, invoice: InvoiceBody, balance: MoneyBody })

export const AddressBookPage = Page(AddressBookEntryBody)
export const MembersPage = Page(MemberListItemBody)
export const InvoicesPage = Page(InvoiceBody)
export const PaymentsPage = Page(PaymentBody)
export const AuditPage = Page(AuditEntryBody)

export const HealthBody = Schema.Struct({ status: Schema.Literals(["ok", "unavailable"]) })

/** RFC 9457, with the extension members API.md §4 names. */
export const ProblemBody = Schema.Struct({
  type: Schema.String,
  title: Schema.String,
  status: Int,
  detail: Schema.String,
  errors: Schema.optionalKey(Schema.Array(FieldError)),
  limit: Schema.optionalKey(Schema.Literals(["kind", "participants", "presenters", "duration"])),
  max: Schema.optionalKey(Schema.Number),
  retryAfter: Schema.optionalKey(Int),
  members: Schema.optionalKey(Int),
  invoiceId: Schema.optionalKey(Schema.String),
  paymentId: Schema.optionalKey(Schema.String),
  reason: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "Problem" })

/**
 * API.md §3 *As a GroupAdmin*, the payment centre: seats (R43), renewals
 * (R42), invoices and payments (R44), the phone balance (R45). Payments carry
 * the `Idempotency-Key` header to the use case as sent; whether it is there
 * and what it means is the domain's to say.
 */
import {
  ChangeSeatsInput,
  changeSeats,
  getInvoice,
  listInvoices,
  listPayments,
  PayInvoiceInput,
  payInvoice,
  phoneBalance,
  renew,
  TopUpInput,
  topUpPhoneBalance
} from "@corporate-groups/domain"
import { Effect } from "effect"
import {
  InvoiceBody,
  InvoicesPage,
  PaidBody,
  PaymentsPage,
  PhoneBalanceBody,
  RenewalBody,
  SeatsAppliedBody,
  SeatsPendingBody,
  ToppedUpBody
} from "../openapi/ResponseSchemas.js"
import { adminRoute, created, ok, type Route } from "./Route.js"

/** R43: the use case says whether the change applied (200) or waits for its invoice (202). */
const SEATS_STATUS = { applied: 200, pending: 202 } as const

const PAYMENT_PROBLEMS = [
  "idempotency-key-required",
  "payment-declined",
  "idempotency-key-in-flight",
  "idempotency-key-reuse"
] as const

export const billingRoutes: ReadonlyArray<Route> = [
  adminRoute({
    method: "put",
    path: "/v1/admin/seats",
    takesBody: true,
    run: (admin, { body }) =>
      Effect.map(changeSeats(admin, body), ({ body: reply, outcome }) => ({ status: SEATS_STATUS[outcome], body: reply })),
    doc: {
      operationId: "changeSeats",
      summary: "Set the seat total (R43): lowering applies at once, raising an active group waits for its invoice",
      tag: "billing",
      requestBody: ChangeSeatsInput,
      responses: {
        200: { description: "Applied (the replacing first invoice while pending payment, else null)", schema: SeatsAppliedBody },
        202: { description: "A raise waiting for its invoice", schema: SeatsPendingBody }
      },
      problems: ["group-suspended", "seats-below-members", "open-invoice-exists"]
    }
  }),
  adminRoute({
    method: "post",
    path: "/v1/admin/renewals",
    takesBody: false,
    run: (admin) => created(renew(admin)),
    doc: {
      operationId: "renew",
      summary: "Issue the next period's invoice (R42)",
      tag: "billing",
      responses: { 201: { description: "Issued", schema: RenewalBody } },
      problems: ["open-invoice-exists"]
    }
  }),
  adminRoute({
    method: "get",
    path: "/v1/admin/invoices",
    takesBody: false,
    run: (admin, { query }) => ok(listInvoices(admin, query)),
    doc: {
      operationId: "listInvoices",
      summary: "The group's invoices, newest first (R44)",
      tag: "billing",
      paged: true,
      responses: { 200: { description: "A page of invoices", schema: InvoicesPage } },
      problems: []
    }
  }),
  adminRoute({
    method: "get",
    path: "/v1/admin/invoices/{invoiceId}",
    takesBody: false,
    run: (admin, { params }) => ok(getInvoice(admin, params["invoiceId"] ?? "")),
    doc: {
      operationId: "getInvoice",
      summary: "One invoice of the group",
      tag: "billing",
      responses: { 200: { description: "The invoice", schema: InvoiceBody } },
      problems: ["not-found"]
    }
  }),
  adminRoute({
    method: "post",
    path: "/v1/admin/invoices/{invoiceId}/payments",
    takesBody: true,
    run: (admin, { body, idempotencyKey, params }) =>
      created(payInvoice(admin, params["invoiceId"] ?? "", body, idempotencyKey)),
    doc: {
      operationId: "payInvoice",
      summary: "Pay an invoice through the payment gateway (R44): tok_visa succeeds, tok_chargeDeclined is declined",
      tag: "billing",
      idempotent: true,
      requestBody: PayInvoiceInput,
      responses: { 201: { description: "Paid", schema: PaidBody } },
      problems: [...PAYMENT_PROBLEMS, "not-found", "invoice-not-open"]
    }
  }),
  adminRoute({
    method: "get",
    path: "/v1/admin/payments",
    takesBody: false,
    run: (admin, { query }) => ok(listPayments(admin, query)),
    doc: {
      operationId: "listPayments",
      summary: "Every payment attempt, succeeded or failed, newest first (R44)",
      tag: "billing",
      paged: true,
      responses: { 200: { description: "A page of payments", schema: PaymentsPage } },
      problems: []
    }
  }),
  adminRoute({
    method: "get",
    path: "/v1/admin/phone-balance",
    takesBody: false,
    run: (admin) => ok(phoneBalance(admin)),
    doc: {
      operationId: "phoneBalance",
      summary: "The group's prepaid balance for calls to phones and the rate (R45)",
      tag: "billing",
      responses: { 200: { description: "The balance", schema: PhoneBalanceBody } },
      problems: []
    }
  }),
  adminRoute({
    method: "post",
    path: "/v1/admin/phone-balance/top-ups",
    takesBody: true,
    run: (admin, { body, idempotencyKey }) => created(topUpPhoneBalance(admin, body, idempotencyKey)),
    doc: {
      operationId: "topUpPhoneBalance",
      summary: "Top up the phone balance through the payment gateway (R45)",
      tag: "billing",
      idempotent: true,
      requestBody: TopUpInput,
      responses: { 201: { description: "Topped up", schema: ToppedUpBody } },
      problems: [...PAYMENT_PROBLEMS]
    }
  })
]

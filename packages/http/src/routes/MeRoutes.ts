/**
 * API.md §3 *As a User*: the profile, the password, joining and leaving a
 * group (R12, R14), the address book (R16), conference permits (R31) and calls
 * to phones (R45).
 */
import {
  addressBook,
  ChangePasswordInput,
  changePassword,
  ConferencePermitInput,
  getMe,
  JoinGroupInput,
  joinGroup,
  leaveGroup,
  RecordPhoneCallInput,
  recordPhoneCall,
  requestConferencePermit,
  UpdateMeInput,
  updateMe
} from "@corporate-groups/domain"
import {
  AddressBookPage,
  JoinedBody,
  MeBody,
  PermitBody,
  RecordedCallBody
} from "../openapi/ResponseSchemas.js"
import { created, noContent, ok, type Route, signedInRoute, userRoute } from "./Route.js"

export const meRoutes: ReadonlyArray<Route> = [
  userRoute({
    method: "get",
    path: "/v1/me",
    takesBody: false,
    run: (user) => ok(getMe(user)),
    doc: {
      operationId: "getMe",
      summary: "The user's profile with their effective tariff (R32) and group",
      tag: "me",
      responses: { 200: { description: "The profile", schema: MeBody } },
      problems: []
    }
  }),
  userRoute({
    method: "patch",
    path: "/v1/me",
    takesBody: true,
    run: (user, { body }) => ok(updateMe(user, body)),
    doc: {
      operationId: "updateMe",
      summary: "Change profile fields (any of them; every bad field reported)",
      tag: "me",
      requestBody: UpdateMeInput,
      responses: { 200: { description: "The new profile", schema: MeBody } },
      problems: []
    }
  }),
  userRoute({
    method: "put",
    path: "/v1/me/password",
    takesBody: true,
    run: (user, { body }) => noContent(changePassword(user, body)),
    doc: {
      operationId: "changeMyPassword",
      summary: "Change the password (R5): every other session of the account ends",
      tag: "me",
      requestBody: ChangePasswordInput,
      responses: { 204: { description: "Changed" } },
      problems: []
    }
  }),
  userRoute({
    method: "post",
    path: "/v1/me/group",
    takesBody: true,
    throttle: "redemption",
    run: (user, { body, client }) => ok(joinGroup(user, body, client)),
    doc: {
      operationId: "joinGroup",
      summary: "Join a group with its corporate code (R12)",
      tag: "me",
      requestBody: JoinGroupInput,
      responses: { 200: { description: "Joined", schema: JoinedBody } },
      problems: ["corporate-code-invalid", "already-member", "member-of-another-group", "group-suspended", "group-full"]
    }
  }),
  userRoute({
    method: "delete",
    path: "/v1/me/group",
    takesBody: false,
    run: (user) => noContent(leaveGroup(user)),
    doc: {
      operationId: "leaveGroup",
      summary: "Leave the group (R14): the tariff falls back to Free",
      tag: "me",
      responses: { 204: { description: "Left" } },
      problems: ["not-a-member"]
    }
  }),
  userRoute({
    method: "get",
    path: "/v1/me/address-book",
    takesBody: false,
    run: (user, { query }) => ok(addressBook(user, query)),
    doc: {
      operationId: "addressBook",
      summary: "The group's shared address book (R16), by last name then first name",
      tag: "me",
      paged: true,
      responses: { 200: { description: "A page of members", schema: AddressBookPage } },
      problems: []
    }
  }),
  signedInRoute({
    method: "post",
    path: "/v1/me/conference-permits",
    takesBody: true,
    run: (principal, { body }) => ok(requestConferencePermit(principal, body)),
    doc: {
      operationId: "requestConferencePermit",
      summary: "May this conference be held on the user's tariff? (R31); an admin is always refused",
      tag: "me",
      requestBody: ConferencePermitInput,
      responses: { 200: { description: "Allowed", schema: PermitBody } },
      problems: ["admin-cannot-call", "conference-limit-exceeded"]
    }
  }),
  userRoute({
    method: "post",
    path: "/v1/me/phone-calls",
    takesBody: true,
    run: (user, { body }) => created(recordPhoneCall(user, body)),
    doc: {
      operationId: "recordPhoneCall",
      summary: "Record a finished call to a phone, debited from the group's balance (R45)",
      tag: "me",
      requestBody: RecordPhoneCallInput,
      responses: { 201: { description: "Recorded", schema: RecordedCallBody } },
      problems: ["not-a-member", "insufficient-balance"]
    }
  })
]

/**
 * API.md §3 *As a GroupAdmin*, the group and its people: group info and its
 * edit (R17), the corporate code's rotation (R15), the admin's password (R5),
 * the members (R13, R14, R16) and the audit trail (R51).
 */
import {
  AddMemberInput,
  addMember,
  auditTrail,
  ChangePasswordInput,
  changePassword,
  EditGroupInput,
  editGroup,
  groupInfo,
  listMembers,
  removeMember,
  rotateCode
} from "@corporate-groups/domain"
import { AuditPage, CorporateCodeBody, GroupInfoBody, MemberBody, MembersPage } from "../openapi/ResponseSchemas.js"
import { adminRoute, created, noContent, ok, type Route } from "./Route.js"

export const groupAdminRoutes: ReadonlyArray<Route> = [
  adminRoute({
    method: "get",
    path: "/v1/admin/group",
    takesBody: false,
    run: (admin) => ok(groupInfo(admin)),
    doc: {
      operationId: "groupInfo",
      summary: "Group info (R17): code, seats, members, paid-through date, status, tariff",
      tag: "admin",
      responses: { 200: { description: "Group info", schema: GroupInfoBody } },
      problems: []
    }
  }),
  adminRoute({
    method: "patch",
    path: "/v1/admin/group",
    takesBody: true,
    run: (admin, { body }) => ok(editGroup(admin, body)),
    doc: {
      operationId: "editGroup",
      summary: "Rename the group (R17)",
      tag: "admin",
      requestBody: EditGroupInput,
      responses: { 200: { description: "The new group info", schema: GroupInfoBody } },
      problems: []
    }
  }),
  adminRoute({
    method: "post",
    path: "/v1/admin/group/code",
    takesBody: false,
    run: (admin) => ok(rotateCode(admin)),
    doc: {
      operationId: "rotateCode",
      summary: "A new corporate code; the old one stops working at once (R15)",
      tag: "admin",
      responses: { 200: { description: "The new code", schema: CorporateCodeBody } },
      problems: []
    }
  }),
  adminRoute({
    method: "put",
    path: "/v1/admin/password",
    takesBody: true,
    run: (admin, { body }) => noContent(changePassword(admin, body)),
    doc: {
      operationId: "changeAdminPassword",
      summary: "Change the admin's password (R5): every other session of the admin ends",
      tag: "admin",
      requestBody: ChangePasswordInput,
      responses: { 204: { description: "Changed" } },
      problems: []
    }
  }),
  adminRoute({
    method: "get",
    path: "/v1/admin/members",
    takesBody: false,
    run: (admin, { query }) => ok(listMembers(admin, query)),
    doc: {
      operationId: "listMembers",
      summary: "The group's members with their emails (R16's order and pagination)",
      tag: "admin",
      paged: true,
      responses: { 200: { description: "A page of members", schema: MembersPage } },
      problems: []
    }
  }),
  adminRoute({
    method: "post",
    path: "/v1/admin/members",
    takesBody: true,
    run: (admin, { body }) => created(addMember(admin, body)),
    doc: {
      operationId: "addMember",
      summary: "Create a user directly into the group (R13): it takes a seat",
      tag: "admin",
      requestBody: AddMemberInput,
      responses: { 201: { description: "The new member", schema: MemberBody } },
      problems: ["trueconf-id-taken", "email-taken", "group-suspended", "group-full"]
    }
  }),
  adminRoute({
    method: "delete",
    path: "/v1/admin/members/{userId}",
    takesBody: false,
    run: (admin, { params }) => noContent(removeMember(admin, params["userId"])),
    doc: {
      operationId: "removeMember",
      summary: "Remove a member (R14): the account stays, the seat frees",
      tag: "admin",
      responses: { 204: { description: "Removed" } },
      problems: ["not-found"]
    }
  }),
  adminRoute({
    method: "get",
    path: "/v1/admin/audit",
    takesBody: false,
    run: (admin, { query }) => ok(auditTrail(admin, query)),
    doc: {
      operationId: "auditTrail",
      summary: "The group's audit trail, newest first (R51)",
      tag: "admin",
      paged: true,
      responses: { 200: { description: "A page of entries", schema: AuditPage } },
      problems: []
    }
  })
]

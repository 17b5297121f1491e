/**
 * API.md §1 and §2: signing in and out, registering a user (with or without a
 * corporate code, R2, R3, R12) and registering a group (R18).
 */
import {
  RegisterGroupInput,
  registerGroup,
  RegisterUserInput,
  registerUser,
  SignInInput,
  signIn,
  signOut
} from "@corporate-groups/domain"
import { RegisteredGroupBody, RegisteredUserBody, SessionBody } from "../openapi/ResponseSchemas.js"
import { created, noContent, publicRoute, type Route, signedInRoute } from "./Route.js"

export const accountRoutes: ReadonlyArray<Route> = [
  publicRoute({
    method: "post",
    path: "/v1/sessions",
    takesBody: true,
    run: (_, { body, client }) => created(signIn(body, client)),
    doc: {
      operationId: "signIn",
      summary: "Sign in (R4, R5): a token for the apps or the web cabinet",
      tag: "sessions",
      requestBody: SignInInput,
      responses: { 201: { description: "Signed in", schema: SessionBody } },
      problems: ["invalid-credentials", "admin-cannot-use-apps", "rate-limited"]
    }
  }),
  signedInRoute({
    method: "delete",
    path: "/v1/sessions/current",
    takesBody: false,
    run: (principal) => noContent(signOut(principal)),
    doc: {
      operationId: "signOut",
      summary: "Sign out: this token stops working on every host",
      tag: "sessions",
      responses: { 204: { description: "Signed out" } },
      problems: []
    }
  }),
  publicRoute({
    method: "post",
    path: "/v1/users",
    takesBody: true,
    run: (_, { body, client }) => created(registerUser(body, client)),
    doc: {
      operationId: "registerUser",
      summary: "Register a user (R2, R3), joining a group when a corporate code is given (R12)",
      tag: "users",
      requestBody: RegisterUserInput,
      responses: { 201: { description: "Registered", schema: RegisteredUserBody } },
      problems: ["trueconf-id-taken", "email-taken", "corporate-code-invalid", "group-suspended", "group-full", "rate-limited"]
    }
  }),
  publicRoute({
    method: "post",
    path: "/v1/groups",
    takesBody: true,
    run: (_, { body }) => created(registerGroup(body)),
    doc: {
      operationId: "registerGroup",
      summary: "Register a group with its administrator and first invoice (R18, R42)",
      tag: "groups",
      requestBody: RegisterGroupInput,
      responses: { 201: { description: "Registered", schema: RegisteredGroupBody } },
      problems: ["email-taken"]
    }
  })
]

/**
 * The Express application: hardening and request logs first, then every
 * route of API.md from the route table (each path with a 405 for its other
 * methods), the host's own routes (health, OpenAPI, docs), a 404 problem for
 * anything else, and the error handler last. A route's chain follows API.md
 * §5: Express routes (404, 405), `readJsonBody` checks the media type, size
 * and syntax (415, 413, 400), then the handler runs throttle, authentication
 * and the use case.
 */
import express, { type Express, type RequestHandler } from "express"
import { readJsonBody } from "../http/RequestBody.js"
import { requestLog } from "../http/RequestLog.js"
import { routeHandler } from "../http/RouteHandler.js"
import type { Logger } from "../log/Logger.js"
import { openApiDocument } from "../openapi/OpenApiDocument.js"
import { API_ROUTES } from "../routes/ApiRoutes.js"
import { expressPath, type Route } from "../routes/Route.js"
import type { AppRuntime } from "../runtime/AppRuntime.js"
import type { TrustProxy } from "../settings/Settings.js"
import { docsRoutes, type HostRoute } from "./DocsPage.js"
import { errorHandler, methodNotAllowed, notFound } from "./Fallbacks.js"
import { healthz, readyz } from "./Health.js"
import { secure } from "./Security.js"

export interface AppOptions {
  readonly runtime: AppRuntime
  readonly logger: Logger
  readonly trustProxy: TrustProxy
  /** The API version shown in the OpenAPI document. */
  readonly version: string
}

const byPath = (routes: ReadonlyArray<Route>): Map<string, Array<Route>> => {
  const paths = new Map<string, Array<Route>>()
  for (const route of routes) paths.set(route.path, [...(paths.get(route.path) ?? []), route])
  return paths
}

export const createApp = (options: AppOptions): Express => {
  const { logger, runtime } = options
  const app = express()
  app.set("trust proxy", options.trustProxy)
  app.set("etag", false)
  secure(app)
  app.use(requestLog(logger))

  for (const [path, routes] of byPath(API_ROUTES)) {
    const chain = app.route(expressPath(path))
    for (const route of routes) chain[route.method](readJsonBody(route.takesBody), routeHandler(route, { logger, runtime }))
    chain.all(methodNotAllowed(routes.map((route) => route.method)))
  }

  const document = JSON.stringify(openApiDocument(API_ROUTES, options.version))
  const openApi: RequestHandler = (_req, res) => void res.type("application/json").send(document)
  const hostRoutes: ReadonlyArray<HostRoute> = [
    { path: "/healthz", handler: healthz },
    { path: "/readyz", handler: readyz(runtime, logger) },
    { path: "/openapi.json", handler: openApi },
    ...docsRoutes()
  ]
  for (const { handler, path } of hostRoutes) {
    app.route(path).get(readJsonBody(false), handler).all(methodNotAllowed(["get"]))
  }

  app.use(notFound)
  app.use(errorHandler(logger))
  return app
}

/** Every route of API.md §1–§3 (the host's own `/healthz`, `/readyz`, `/openapi.json`, `/docs` are in app/). */
import { accountRoutes } from "./AccountRoutes.js"
import { billingRoutes } from "./BillingRoutes.js"
import { groupAdminRoutes } from "./GroupAdminRoutes.js"
import { meRoutes } from "./MeRoutes.js"
import type { Route } from "./Route.js"

export const API_ROUTES: ReadonlyArray<Route> = [...accountRoutes, ...meRoutes, ...groupAdminRoutes, ...billingRoutes]

/**
 * `@corporate-groups/http`: the reference HTTP API (API.md) over
 * `@corporate-groups/domain`, as a library too, so another service can mount
 * the same app or start the host in its own tests.
 */
export { createApp, type AppOptions } from "./app/App.js"
export { type Logger, type LogLevel, makeLogger, silentLogger } from "./log/Logger.js"
export { openApiDocument } from "./openapi/OpenApiDocument.js"
export { PROBLEM_TYPES, type ProblemSlug } from "./problems/ProblemTypes.js"
export { API_ROUTES } from "./routes/ApiRoutes.js"
export type { Route } from "./routes/Route.js"
export { type AppRuntime, makeAppRuntime } from "./runtime/AppRuntime.js"
export { type RunningServer, type StartOptions, startServer } from "./server/Server.js"
export { domainConfigOf } from "./settings/DomainConfigOf.js"
export { resolveMasterKey } from "./settings/MasterKey.js"
export { type PasswordHashing, readSettings, type Settings, SettingsError, type Storage } from "./settings/Settings.js"
export { type AppServices, appServicesLayer, StorageError, storageLayer } from "./storage/StorageLayer.js"

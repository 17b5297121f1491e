/**
 * Starts the host: builds the runtime (opening the store, so a store that
 * cannot open fails the start instead of answering 503s), listens, and gives
 * back a `close` that drains: it stops accepting connections, lets in-flight
 * requests finish (closing idle keep-alive connections at once, and the rest
 * after `shutdownTimeoutSeconds`), then disposes the runtime, which closes
 * the store.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { Layer } from "effect"
import { createApp } from "../app/App.js"
import { type Logger, makeLogger } from "../log/Logger.js"
import { type AppRuntime, makeAppRuntime } from "../runtime/AppRuntime.js"
import { domainConfigOf } from "../settings/DomainConfigOf.js"
import { resolveMasterKey } from "../settings/MasterKey.js"
import type { Settings } from "../settings/Settings.js"
import { type AppServices, appServicesLayer } from "../storage/StorageLayer.js"

/** The version the OpenAPI document shows. */
export const API_VERSION = "0.1.0"

export interface StartOptions {
  /** Replaces the services chosen by `settings.storage` (tests: memory with fast hashing). */
  readonly services?: Layer.Layer<AppServices, unknown>
  readonly logger?: Logger
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly server: Server
  readonly runtime: AppRuntime
  /** Drains in-flight requests, then closes the store. Safe to call twice. */
  readonly close: () => Promise<void>
}

const listen = (server: Server, port: number, host: string): Promise<AddressInfo> =>
  new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve(server.address() as AddressInfo)
    })
  })

const urlOf = (host: string, port: number): string => `http://${host.includes(":") ? `[${host}]` : host}:${port}`

export const startServer = async (settings: Settings, options: StartOptions = {}): Promise<RunningServer> => {
  const logger = options.logger ?? makeLogger(settings.logLevel)
  const services = options.services ?? appServicesLayer(settings.storage, resolveMasterKey(settings), settings.passwordHashing)
  const runtime = makeAppRuntime(services, domainConfigOf(settings))
  try {
    await runtime.context()
  } catch (error) {
    await runtime.dispose()
    throw error
  }
  const app = createApp({ runtime, logger, trustProxy: settings.trustProxy, version: API_VERSION })
  const server = createServer(app)
  let address: AddressInfo
  try {
    address = await listen(server, settings.port, settings.host)
  } catch (error) {
    await runtime.dispose()
    throw error
  }

  let closing: Promise<void> | null = null
  const drain = () =>
    new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), settings.shutdownTimeoutSeconds * 1000)
      server.close(() => {
        clearTimeout(force)
        resolve()
      })
      server.closeIdleConnections()
    })
  const close = () => {
    closing ??= drain().then(() => runtime.dispose())
    return closing
  }
  return { url: urlOf(settings.host, address.port), port: address.port, server, runtime, close }
}

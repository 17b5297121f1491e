/**
 * `npm start`: reads every setting from the environment (README), starts the
 * host and prints its URL. SIGTERM and SIGINT drain in-flight requests and
 * close the store before the process exits; a second signal exits at once.
 */
import { SettingsError } from "./settings/EnvReader.js"
import { readSettings } from "./settings/Settings.js"
import { makeLogger } from "./log/Logger.js"
import { startServer } from "./server/Server.js"

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

const main = async () => {
  let settings
  try {
    settings = readSettings(process.env)
  } catch (error) {
    return fail(error instanceof SettingsError ? error.message : String(error))
  }
  const logger = makeLogger(settings.logLevel)
  if (settings.passwordHashing === "fast") {
    logger.warn("PASSWORD_HASHING=fast: cheap scrypt for tests and benchmarks only, never for real accounts")
  }
  let running
  try {
    running = await startServer(settings, { logger })
  } catch (error) {
    return fail(`could not start: ${error instanceof Error ? error.message : String(error)}`)
  }
  logger.info("listening", { url: running.url, storage: settings.storage.driver })
  process.stderr.write(`Corporate groups API listening on ${running.url} (storage: ${settings.storage.driver})\n`)

  const shutdown = (signal: string) => {
    logger.info("shutting down", { signal })
    process.once(signal, () => process.exit(1))
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("shutdown failed", { cause: String(error) })
        process.exit(1)
      }
    )
  }
  process.once("SIGTERM", () => shutdown("SIGTERM"))
  process.once("SIGINT", () => shutdown("SIGINT"))
}

void main()

/**
 * Structured logs: one JSON object per line on stdout, so a log shipper can
 * index them without parsing prose. Callers pass only fields they chose
 * (request id, method, path, status, duration): no header, body, query string
 * or error message of a request is logged by default, so tokens, passwords and
 * corporate codes never reach the log.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent"

export const LOG_LEVELS: ReadonlyArray<LogLevel> = ["debug", "info", "warn", "error", "silent"]

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export type LogFields = Readonly<Record<string, unknown>>

export interface Logger {
  readonly debug: (message: string, fields?: LogFields) => void
  readonly info: (message: string, fields?: LogFields) => void
  readonly warn: (message: string, fields?: LogFields) => void
  readonly error: (message: string, fields?: LogFields) => void
}

/** A logger writing lines at `level` and above to `write` (stdout by default). */
export const makeLogger = (
  level: LogLevel,
  write: (line: string) => void = (line) => void process.stdout.write(line + "\n")
): Logger => {
  const at = (entryLevel: Exclude<LogLevel, "silent">) => (message: string, fields: LogFields = {}) => {
    if (RANK[entryLevel] < RANK[level]) return
    write(JSON.stringify({ time: new Date().toISOString(), level: entryLevel, msg: message, ...fields }))
  }
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger: Logger = makeLogger("silent", () => undefined)

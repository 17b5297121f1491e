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

/**
 * Lines to stdout, written together: the lines logged during one turn of the
 * event loop go out in one write after it. A write to a file or a pipe is a
 * system call, and under load one per request line was several percent of
 * the host's CPU (a request logs one line). What is still buffered when the
 * process exits is written then (`exit` listeners run synchronously, and
 * stdout writes to files and pipes are synchronous); only a process killed
 * outright (SIGKILL, a crash of Node itself) can lose the last turn's lines.
 */
export const batchedStdout = (write: (text: string) => void = (text) => void process.stdout.write(text)): (line: string) => void => {
  let lines: Array<string> = []
  const flush = () => {
    if (lines.length === 0) return
    const text = lines.join("\n") + "\n"
    lines = []
    write(text)
  }
  process.on("exit", flush)
  return (line) => {
    if (lines.length === 0) setImmediate(flush)
    lines.push(line)
  }
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger: Logger = makeLogger("silent", () => undefined)

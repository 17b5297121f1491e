/**
 * Starts the built host (`node dist/main.js`) as its own process, as an
 * operator would, and reads its URL from the line it prints on stderr. Its
 * request log (stdout) goes to a file, as it would in production; a pipe that
 * the benchmark had to drain would cost the benchmark's own CPU.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { openSync } from "node:fs"
import { fileURLToPath } from "node:url"

export const HOST_MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url))

export interface HostProcess {
  readonly url: string
  readonly child: ChildProcess
  /** SIGTERM, then the exit code. */
  readonly stop: () => Promise<number | null>
}

export interface HostOptions {
  readonly env: Readonly<Record<string, string>>
  /** Extra `node` flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: ReadonlyArray<string>
  /** Where the request log goes. */
  readonly logFile: string
  /** The host's entry point (default: this package's build, HOST_MAIN). */
  readonly main?: string
}

export const startHost = (options: HostOptions): Promise<HostProcess> =>
  new Promise((resolve, reject) => {
    const log = openSync(options.logFile, "a")
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), options.main ?? HOST_MAIN], {
      env: { PATH: process.env["PATH"] ?? "", ...options.env },
      stdio: ["ignore", log, "pipe"]
    })
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
    let err = ""
    const onData = (chunk: Buffer) => {
      err += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(err)
      if (match === null) return
      child.stderr?.off("data", onData)
      child.stderr?.resume()
      resolve({
        url: match[1]!,
        child,
        stop: () => {
          child.kill("SIGTERM")
          return exited
        }
      })
    }
    child.stderr?.on("data", onData)
    child.once("error", reject)
    void exited.then((code) => reject(new Error(`the host exited with ${code} before listening:\n${err}`)))
  })

/** What every benchmark script here shares: its numeric settings, and how it ends. */

/** A number from the environment; unset or empty is the default. */
export const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name]
  return raw === undefined || raw === "" ? fallback : Number(raw)
}

/**
 * Runs a script's `main` and exits: 0 once it is done (an open handle, a
 * pool's idle timer say, must not keep a finished benchmark waiting), 1 with
 * the failure's stack.
 */
export const runMain = (main: () => Promise<void>): void => {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
      process.exit(1)
    }
  )
}

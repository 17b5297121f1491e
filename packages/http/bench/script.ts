/** What every benchmark script here shares: its numeric settings, its median, and how it ends. */

/** A number from the environment; unset or empty is the default. */
export const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name]
  return raw === undefined || raw === "" ? fallback : Number(raw)
}

/** The middle value (the mean of the two middle ones for an even count): one slow or fast window does not move it. */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = values.toSorted((x, y) => x - y)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
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

/**
 * Typed reads of environment variables that collect every problem instead of
 * stopping at the first, so one failed start names every bad variable. An
 * empty variable counts as unset: `PORT= npm start` means the default.
 */

/** Every bad variable of one start, named together. */
export class SettingsError extends Error {
  constructor(readonly problems: ReadonlyArray<string>) {
    super(`invalid settings:\n  ${problems.join("\n  ")}`)
    this.name = "SettingsError"
  }
}
export class EnvReader {
  private readonly problems: Array<string> = []

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  problem(message: string): void {
    this.problems.push(message)
  }

  assertValid(): void {
    if (this.problems.length > 0) throw new SettingsError(this.problems)
  }

  optionalString(name: string): string | undefined {
    const value = this.env[name]?.trim()
    return value === undefined || value === "" ? undefined : value
  }

  string(name: string, fallback: string): string {
    return this.optionalString(name) ?? fallback
  }

  parsed<A>(name: string, fallback: A, parse: (raw: string) => A | undefined, expected: string): A {
    const raw = this.optionalString(name)
    if (raw === undefined) return fallback
    const value = parse(raw)
    if (value === undefined) {
      this.problem(`${name} must be ${expected}`)
      return fallback
    }
    return value
  }

  integer(name: string, fallback: number, range: { readonly min?: number; readonly max?: number } = {}): number {
    const { max = Number.MAX_SAFE_INTEGER, min = 0 } = range
    return this.parsed(
      name,
      fallback,
      (raw) => (/^[0-9]+$/.test(raw) && Number(raw) >= min && Number(raw) <= max ? Number(raw) : undefined),
      `a whole number from ${min} to ${max}`
    )
  }

  oneOf<const T extends string>(name: string, values: ReadonlyArray<T>, fallback: T): T {
    return this.parsed(name, fallback, (raw) => values.find((value) => value === raw), `one of ${values.join(", ")}`)
  }

  matching(name: string, fallback: string, pattern: RegExp, expected: string): string {
    return this.parsed(name, fallback, (raw) => (pattern.test(raw) ? raw : undefined), expected)
  }
}

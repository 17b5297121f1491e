/**
 * Small input conventions shared by the account use cases (docs/domain-conventions.md,
 * *Inputs*). JSON clients often send `null` for "no value": an optional field sent as
 * `null` is taken as absent (so its default applies), never as a value of its own.
 * Required fields are not touched: a required `null` is still reported by the schema.
 */

const isRecord = (input: unknown): input is Record<string, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

/** A copy of `input` without the listed keys whose value satisfies `absent`; anything else unchanged. */
export const dropWhere = (
  input: unknown,
  keys: ReadonlyArray<string>,
  absent: (value: unknown) => boolean
): unknown => {
  if (!isRecord(input) || !keys.some((key) => key in input && absent(input[key]))) return input
  const copy: Record<string, unknown> = { ...input }
  for (const key of keys) {
    if (key in copy && absent(copy[key])) delete copy[key]
  }
  return copy
}

/** A copy of `input` without the listed keys whose value is `null`. */
export const dropNulls = (input: unknown, keys: ReadonlyArray<string>): unknown =>
  dropWhere(input, keys, (value) => value === null)

/** The property `key` of an untrusted input, before any decoding (undefined when absent). */
export const rawField = (input: unknown, key: string): unknown => (isRecord(input) ? input[key] : undefined)

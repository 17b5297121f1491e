/**
 * Use cases answer plain objects shaped as API.md's bodies, with times as
 * `DateTime` (docs/domain-conventions.md *Outputs*); the wire wants ISO 8601
 * strings in UTC (API.md *Shapes*). One generic encoder does that for every
 * route, so no handler formats a field by hand. The replacer looks at the raw
 * value (before `toJSON`), so it does not depend on how a DateTime prints.
 */
import { DateTime } from "effect"

export const encodeJson = (value: unknown): string =>
  JSON.stringify(value, function(this: Record<string, unknown>, key: string, encoded: unknown) {
    const raw = this[key]
    return DateTime.isDateTime(raw) ? DateTime.formatIso(DateTime.toUtc(raw)) : encoded
  })

export const JSON_MEDIA_TYPE = "application/json"

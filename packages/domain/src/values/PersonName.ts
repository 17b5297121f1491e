/** R2: a first or last name (values/TrimmedName.ts). */
import { Schema } from "effect"
import { TrimmedName } from "./TrimmedName.js"

export { MAX_NAME_LENGTH } from "./TrimmedName.js"

export const PersonName = TrimmedName.pipe(Schema.brand("PersonName"))
export type PersonName = typeof PersonName.Type

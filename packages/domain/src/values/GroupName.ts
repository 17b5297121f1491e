/** R17, R18: a group's name (values/TrimmedName.ts). */
import { Schema } from "effect"
import { MAX_NAME_LENGTH, TrimmedName } from "./TrimmedName.js"

export const MAX_GROUP_NAME_LENGTH = MAX_NAME_LENGTH

export const GroupName = TrimmedName.pipe(Schema.brand("GroupName"))
export type GroupName = typeof GroupName.Type

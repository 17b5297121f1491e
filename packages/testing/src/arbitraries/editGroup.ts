/** R17: the body of `PATCH /v1/admin/group`: `{ name }`, 1–100 characters after trimming. */
import type { EditGroupInput } from "@corporate-groups/domain"
import fc from "fast-check"
import { type BodyArbitrary, type Conforms, required, withSpec } from "./body.js"
import { groupName, invalidGroupName } from "./groupName.js"
import { valuesOf } from "./invalid.js"

export type EditGroupBody = Conforms<{ readonly name: string }, typeof EditGroupInput.Encoded>

/** A valid rename; the domain's `EditGroupInput` decodes it. */
export const editGroupInput = (): BodyArbitrary<EditGroupBody> =>
  withSpec(fc.record({ name: groupName() }), { fields: { name: required(valuesOf(invalidGroupName())) } })

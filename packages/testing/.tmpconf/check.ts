import type { RegisterUserInput, ConferencePermitInput } from "@corporate-groups/domain"
import type { Conforms } from "../src/arbitraries/body.js"
export type A = Conforms<{ readonly trueconfId: number }, typeof RegisterUserInput.Encoded>
export type B = Conforms<{ readonly kind: "video"; readonly participants: number }, typeof ConferencePermitInput.Encoded>
export type E = typeof RegisterUserInput.Encoded
export const e: E = 42 as unknown as E
const x: number = "s"
export const y: E = { foo: 1 }

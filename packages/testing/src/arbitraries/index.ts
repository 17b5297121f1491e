/**
 * fast-check 4 arbitraries for every domain value and every command body of
 * @corporate-groups/domain, for tests here and in other teams' code. Values
 * are generated *encoded* (as a client sends them: any case, spaces around,
 * numbers as strings where the domain accepts them), so they exercise the
 * domain's decoding, not only its types. Each value has an `invalidX` twin
 * giving `{ value, field }`: a value the domain refuses and the field it must
 * name. Each command body arbitrary carries a spec that `invalidBody` uses to
 * break one or more fields and report which.
 *
 * Every export is a function returning an arbitrary (or a helper); import the
 * module as a namespace, e.g. `Arb.email()`, `Arb.invalidBody(Arb.registerUserInput())`.
 */
export * from "./addMember.js"
export * from "./body.js"
export * from "./changePassword.js"
export * from "./conferencePermit.js"
export * from "./corporateCode.js"
export * from "./country.js"
export * from "./editGroup.js"
export * from "./email.js"
export * from "./groupName.js"
export * from "./invalid.js"
export * from "./invalidBody.js"
export * from "./joinGroup.js"
export * from "./language.js"
export * from "./money.js"
export * from "./page.js"
export * from "./password.js"
export * from "./payInvoice.js"
export * from "./paymentMethod.js"
export * from "./personName.js"
export * from "./phoneCall.js"
export * from "./phoneNumber.js"
export * from "./profilePatch.js"
export * from "./registerGroup.js"
export * from "./registerUser.js"
export * from "./registration.js"
export * from "./seatChange.js"
export * from "./seats.js"
export * from "./signIn.js"
export { astralSymbol, padded, randomCase, TRIMMED_WHITESPACE, unicodeLetter, whitespace } from "./text.js"
export * from "./topUp.js"
export * from "./trueconfId.js"

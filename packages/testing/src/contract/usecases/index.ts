/**
 * The use cases as a contract: every suite runs unchanged against any
 * `ContractTarget`, each test in a fresh, empty world of the target, with the
 * target's controlled clock, its `StateInspector` and its simulated gateway.
 */
import type { ContractTarget } from "../Target.js"
import { groupAdminSuite } from "./GroupAdmin.js"
import { groupRegistrationSuite } from "./GroupRegistration.js"
import { listsAndAuditSuite } from "./ListsAndAudit.js"
import { membershipSuite } from "./Membership.js"
import { passwordsAndProfileSuite } from "./PasswordsAndProfile.js"
import { paymentsSuite } from "./Payments.js"
import { permitsSuite } from "./Permits.js"
import { phoneSuite } from "./Phone.js"
import { registrationSuite } from "./Registration.js"
import { renewalsSuite } from "./Renewals.js"
import { seatsSuite } from "./Seats.js"
import { signInSuite } from "./SignIn.js"

export {
  groupAdminSuite,
  groupRegistrationSuite,
  listsAndAuditSuite,
  membershipSuite,
  passwordsAndProfileSuite,
  paymentsSuite,
  permitsSuite,
  phoneSuite,
  registrationSuite,
  renewalsSuite,
  seatsSuite,
  signInSuite
}

/** Every use-case suite on `target`. */
export const useCaseSuites = (target: ContractTarget): void => {
  registrationSuite(target)
  signInSuite(target)
  passwordsAndProfileSuite(target)
  permitsSuite(target)
  membershipSuite(target)
  groupAdminSuite(target)
  listsAndAuditSuite(target)
  groupRegistrationSuite(target)
  paymentsSuite(target)
  seatsSuite(target)
  renewalsSuite(target)
  phoneSuite(target)
}

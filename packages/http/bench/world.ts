/**
 * The world a measurement runs in, prepared beforehand through the domain's
 * own use cases (the same rules and rows as through HTTP, without paying for
 * HTTP in the setup): groups registered and paid (active), users registered
 * without a group and signed in as apps. Each user is given the code of one
 * group, round-robin, so joins in flight spread over the groups as the
 * yardstick's `-D gmin=1 -D gmax=1000` spreads pgbench's clients.
 */
import {
  authenticate,
  payInvoice,
  registerGroup,
  registerUser,
  signIn,
  type UserPrincipal
} from "@corporate-groups/domain"
import type { AppRuntime } from "@corporate-groups/http"

const PASSWORD = "correct horse battery staple"
const CLIENT = { address: "127.0.0.1" }

export interface PreparedUser {
  readonly token: string
  readonly principal: UserPrincipal
  /** The code of the group this user joins. */
  readonly code: string
}

/** Runs `task` for 0..count-1 with `limit` at a time. */
export const forEachIndex = async <A>(count: number, limit: number, task: (index: number) => Promise<A>): Promise<Array<A>> => {
  const results: Array<A> = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      results[index] = await task(index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
  return results
}

/** `count` active groups of `seats` seats; answers their corporate codes. */
export const prepareGroups = (runtime: AppRuntime, count: number, seats: number, concurrency = 16): Promise<Array<string>> =>
  forEachIndex(count, concurrency, async (i) => {
    const email = `bench-admin-${i}@example.com`
    const registered = await runtime.runPromise(registerGroup({
      name: `Bench ${i}`,
      seats,
      admin: { email, password: PASSWORD, passwordConfirmation: PASSWORD }
    }))
    const session = await runtime.runPromise(signIn({ login: email, password: PASSWORD, client: "cabinet" }, CLIENT))
    const admin = await runtime.runPromise(authenticate(session.token))
    if (admin.kind !== "group-admin") throw new Error("expected an admin session")
    await runtime.runPromise(payInvoice(admin, registered.invoice.id, { paymentMethod: "tok_visa" }, `bench-first-${i}`))
    return registered.group.corporateCode
  })

/** `count` users named `<prefix><n>`, signed in as apps, the n-th given `codes[n % codes.length]`. */
export const prepareUsers = (
  runtime: AppRuntime,
  prefix: string,
  count: number,
  codes: ReadonlyArray<string>,
  concurrency = 16
): Promise<Array<PreparedUser>> =>
  forEachIndex(count, concurrency, async (i) => {
    const trueconfId = `${prefix}${i}`
    await runtime.runPromise(registerUser({
      trueconfId,
      email: `${trueconfId}@example.com`,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      firstName: "Bench",
      lastName: `User ${i}`,
      country: "GB"
    }, CLIENT))
    const session = await runtime.runPromise(signIn({ login: trueconfId, password: PASSWORD, client: "app" }, CLIENT))
    const principal = await runtime.runPromise(authenticate(session.token))
    if (principal.kind !== "user") throw new Error("expected a user session")
    return { token: session.token, principal, code: codes[i % codes.length]! }
  })

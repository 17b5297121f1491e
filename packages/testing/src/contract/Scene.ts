/**
 * Setting a scene up for a race: a group (paid, so it is active) and users,
 * through the use cases themselves.
 */
import { payInvoice, registerGroup, registerUser } from "@corporate-groups/domain"
import { userFields } from "./model/AccountCommands.js"
import type { World } from "./model/World.js"

export const paidGroup = async (world: World, seats: number, pay = true): Promise<{ invoiceId: string }> => {
  const n = world.groups.length
  const admin = { email: `admin${n}@example.com`, password: `admin-${n}-password`, passwordConfirmation: `admin-${n}-password` }
  const registered = await world.run(registerGroup({ name: `Group ${n}`, seats, admin }))
  const principal = await world.principalOf(admin.email, admin.password, "cabinet")
  if (principal.kind !== "group-admin") throw new Error("R4: an admin signed in as a user")
  world.groups.push({
    groupId: registered.group.id,
    adminEmail: admin.email,
    adminPassword: admin.password,
    principal,
    codes: [registered.group.corporateCode]
  })
  if (pay) await world.run(payInvoice(principal, registered.invoice.id, { paymentMethod: "tok_visa" }, `setup-${n}`))
  return { invoiceId: registered.invoice.id }
}

export const users = async (world: World, count: number): Promise<void> => {
  for (let i = 0; i < count; i++) {
    const n = world.users.length
    const fields = userFields(n, "Racer")
    await world.run(registerUser(fields, world.freshAddress()))
    const principal = await world.principalOf(fields.trueconfId, fields.password, "app")
    if (principal.kind !== "user") throw new Error("R1: a user signed in as an admin")
    world.users.push({ userId: principal.userId, trueconfId: fields.trueconfId, password: fields.password, principal })
  }
}

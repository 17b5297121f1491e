/**
 * The `accounts`, `users` and `admins` tables of a memory transaction, with
 * the keys R2 makes unique: the TrueConf ID among users, the email among all
 * accounts (one index for both kinds, as a shared unique index would be).
 */
import { HashMap, Option } from "effect"
import type { Account, Email, GroupAdmin, GroupAdminId, TrueconfId, Tx, User, UserId } from "@corporate-groups/domain"
import { violated } from "./ConstraintViolation.js"
import { type EmailOwner, foldKey, type StoreState } from "./StoreState.js"
import { read, type Working, write } from "./Working.js"

const accountOf = (state: StoreState, owner: EmailOwner): Option.Option<Account> =>
  owner.kind === "user" ? HashMap.get(state.users, owner.id) : HashMap.get(state.admins, owner.id)

/** Moves an account's email entry, refusing an address another account holds. */
const indexEmail = (
  state: StoreState,
  owner: EmailOwner,
  previous: Email | null,
  next: Email
): StoreState["accountByEmail"] => {
  const key = foldKey(next)
  const holder = HashMap.get(state.accountByEmail, key)
  if (Option.isSome(holder) && (holder.value.kind !== owner.kind || holder.value.id !== owner.id)) {
    violated("accounts_email_key", `email ${next} already belongs to a ${holder.value.kind}`)
  }
  const without = previous === null ? state.accountByEmail : HashMap.remove(state.accountByEmail, foldKey(previous))
  return HashMap.set(without, key, owner)
}

const indexTrueconfId = (state: StoreState, id: UserId, previous: TrueconfId | null, next: TrueconfId) => {
  const key = foldKey(next)
  const holder = HashMap.get(state.userByTrueconfId, key)
  if (Option.isSome(holder) && holder.value !== id) violated("users_trueconf_id_key", `${next} is taken`)
  const without = previous === null ? state.userByTrueconfId : HashMap.remove(state.userByTrueconfId, foldKey(previous))
  return HashMap.set(without, key, id)
}

export const accountsTable = (w: Working): Tx["accounts"] => ({
  findByEmail: (email) =>
    read(w, (s) => Option.flatMap(HashMap.get(s.accountByEmail, foldKey(email)), (owner) => accountOf(s, owner)))
})

export const usersTable = (w: Working): Tx["users"] => ({
  // Every memory transaction is serialized as a whole, so `lock` needs no work here.
  get: (id) => read(w, (s) => HashMap.get(s.users, id)),
  findByTrueconfId: (trueconfId) =>
    read(w, (s) => Option.flatMap(HashMap.get(s.userByTrueconfId, foldKey(trueconfId)), (id) => HashMap.get(s.users, id))),
  insert: (user: User) =>
    write(w, (s) => {
      if (HashMap.has(s.users, user.id)) violated("users_pkey", `user ${user.id} exists`)
      const owner: EmailOwner = { kind: "user", id: user.id }
      return {
        ...s,
        userByTrueconfId: indexTrueconfId(s, user.id, null, user.trueconfId),
        accountByEmail: indexEmail(s, owner, null, user.email),
        users: HashMap.set(s.users, user.id, user)
      }
    }),
  update: (user: User) =>
    write(w, (s) => {
      const before = Option.getOrElse(HashMap.get(s.users, user.id), () =>
        violated("users_pkey", `update of missing user ${user.id}`))
      const owner: EmailOwner = { kind: "user", id: user.id }
      return {
        ...s,
        userByTrueconfId: indexTrueconfId(s, user.id, before.trueconfId, user.trueconfId),
        accountByEmail: indexEmail(s, owner, before.email, user.email),
        users: HashMap.set(s.users, user.id, user)
      }
    })
})

export const adminsTable = (w: Working): Tx["admins"] => ({
  get: (id: GroupAdminId) => read(w, (s) => HashMap.get(s.admins, id)),
  insert: (admin: GroupAdmin) =>
    write(w, (s) => {
      if (HashMap.has(s.admins, admin.id)) violated("admins_pkey", `admin ${admin.id} exists`)
      return {
        ...s,
        accountByEmail: indexEmail(s, { kind: "group-admin", id: admin.id }, null, admin.email),
        admins: HashMap.set(s.admins, admin.id, admin)
      }
    }),
  update: (admin: GroupAdmin) =>
    write(w, (s) => {
      const before = Option.getOrElse(HashMap.get(s.admins, admin.id), () =>
        violated("admins_pkey", `update of missing admin ${admin.id}`))
      return {
        ...s,
        accountByEmail: indexEmail(s, { kind: "group-admin", id: admin.id }, before.email, admin.email),
        admins: HashMap.set(s.admins, admin.id, admin)
      }
    })
})

/**
 * The `sessions` table of a memory transaction. Only the token's hash is
 * stored and it is unique; an index by account serves R5's "end every other
 * session" without scanning every session of every account.
 */
import { HashMap, HashSet, Option } from "effect"
import type { AccountId, SessionId, Tx } from "@corporate-groups/domain"
import { violated } from "./ConstraintViolation.js"
import type { StoreState } from "./StoreState.js"
import { read, type Working, write } from "./Working.js"

const sessionsOf = (state: StoreState, accountId: AccountId): HashSet.HashSet<SessionId> =>
  Option.getOrElse(HashMap.get(state.sessionsByAccount, accountId), () => HashSet.empty<SessionId>())

const remove = (state: StoreState, id: SessionId): StoreState => {
  const session = HashMap.get(state.sessions, id)
  if (Option.isNone(session)) return state
  const { accountId, tokenHash } = session.value
  return {
    ...state,
    sessions: HashMap.remove(state.sessions, id),
    sessionByTokenHash: HashMap.remove(state.sessionByTokenHash, tokenHash),
    sessionsByAccount: HashMap.set(state.sessionsByAccount, accountId, HashSet.remove(sessionsOf(state, accountId), id))
  }
}

export const sessionsTable = (w: Working): Tx["sessions"] => ({
  findByTokenHash: (tokenHash) =>
    read(w, (s) => Option.flatMap(HashMap.get(s.sessionByTokenHash, tokenHash), (id) => HashMap.get(s.sessions, id))),
  insert: (session) =>
    write(w, (s) => {
      if (HashMap.has(s.sessions, session.id)) violated("sessions_pkey", `session ${session.id} exists`)
      if (HashMap.has(s.sessionByTokenHash, session.tokenHash)) violated("sessions_token_hash_key", "token hash is taken")
      return {
        ...s,
        sessions: HashMap.set(s.sessions, session.id, session),
        sessionByTokenHash: HashMap.set(s.sessionByTokenHash, session.tokenHash, session.id),
        sessionsByAccount: HashMap.set(
          s.sessionsByAccount,
          session.accountId,
          HashSet.add(sessionsOf(s, session.accountId), session.id)
        )
      }
    }),
  delete: (id) => write(w, (s) => remove(s, id)),
  deleteAllBut: (accountId, keep) =>
    write(w, (s) => {
      let next = s
      for (const id of sessionsOf(s, accountId)) if (id !== keep) next = remove(next, id)
      return next
    })
})

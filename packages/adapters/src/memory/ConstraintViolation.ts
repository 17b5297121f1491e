/**
 * The in-memory store's unique keys, foreign keys and CHECKs, as a real
 * database would declare them. The domain must check before it writes (and
 * report `email-taken`, `group-full`, …); reaching one of these means a use
 * case skipped its check, so it is a defect (`Effect.die`), never an expected
 * error. Postgres would retry a transaction whose unique key was taken by a
 * concurrent commit; here transactions are serialized, so a check-then-insert
 * cannot race and a violation is always a bug.
 */
export class ConstraintViolation extends Error {
  override readonly name = "ConstraintViolation"
  constructor(
    /** The constraint's name, as a database would report it (`users_trueconf_id_key`). */
    readonly constraint: string,
    detail: string
  ) {
    super(`${constraint}: ${detail}`)
  }
}

/** Throws inside `Effect.sync`, which turns the throw into the defect we want. */
export const violated = (constraint: string, detail: string): never => {
  throw new ConstraintViolation(constraint, detail)
}

export const isConstraintViolation = (u: unknown): u is ConstraintViolation => u instanceof ConstraintViolation

// Locks that serialise transactions on keys the database has no row for (an identifier, a pool).

export interface Locks {
  /**
   * Serialises transactions on these keys until the transaction ends (PostgreSQL: pg_advisory_xact_lock,
   * keys hashed, taken in sorted order so two transactions cannot deadlock; SQLite: writers are already
   * serialised by BEGIN IMMEDIATE). Only meaningful inside `transaction`.
   */
  lock(keys: readonly string[]): Promise<void>;
}

// Repairs what the close vs add-participant race (fixed with the session row lock, sessions-repo.ts) left
// behind: participants still bound in sessions that are no longer active (their identifier was refused
// that number for good, 80208) and pool numbers whose load counts them. Data only; safe to run again.
import { sql } from 'kysely';
import { BOUND_PREDICATE, type MigrationFactory, type SchemaDb } from './ddl.ts';

export const m005RepairBindings: MigrationFactory = () => ({
  async up(db: SchemaDb) {
    // "Bound" is participants.bound = 1 (what closeSession and softDeleteParticipant clear): only an
    // undeleted participant of an active session may hold its pair.
    await sql`update participants set bound = 0
      where ${BOUND_PREDICATE}
        and (date_deleted is not null
          or not exists (select 1 from sessions s where s.sid = participants.session_sid and s.status in ('open', 'in-progress')))`.execute(db);
    // load counts bound participants per number (participants_number_bound_idx answers each count). Only
    // rows that drifted are written: on PostgreSQL every rewritten row is a new row version.
    const live = sql`(select count(*) from participants p where p.proxy_identifier_sid = phone_numbers.sid and p.bound = 1)`;
    await sql`update phone_numbers set load = ${live} where load <> ${live}`.execute(db);
  },
  // Nothing to undo: the repaired rows are what the application itself writes.
  async down() {},
});

// Port-in through real carriers (issue 13): a number submitted to Twilio or Telnyx waits on the carrier's
// order, which decides later. carrier_ref names that order (a webhook names it too); poll_at is when the
// port-in sweeper next asks the carrier about it, and the sweeper's queue is ordered by it, so every
// waiting number is asked in turn however many there are.
import { sql, type SqlBool } from 'kysely';
import type { MigrationFactory, SchemaDb } from './ddl.ts';

/** The sweeper's poll queue; repeated word for word by the query that uses the index. */
export const POLLED_PORT_PREDICATE = sql<SqlBool>`poll_at is not null`;

export const m018PortInCarrierOrders: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.alterTable('port_in_numbers').addColumn('carrier_ref', 'text').execute();
    await db.schema.alterTable('port_in_numbers').addColumn('poll_at', date).execute();
    await db.schema.createIndex('port_in_numbers_poll_idx').on('port_in_numbers').column('poll_at').where(POLLED_PORT_PREDICATE).execute();
    await db.schema.createIndex('port_in_numbers_carrier_ref_idx').on('port_in_numbers').column('carrier_ref').execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropIndex('port_in_numbers_carrier_ref_idx').execute();
    await db.schema.dropIndex('port_in_numbers_poll_idx').execute();
    await db.schema.alterTable('port_in_numbers').dropColumn('poll_at').execute();
    await db.schema.alterTable('port_in_numbers').dropColumn('carrier_ref').execute();
  },
});

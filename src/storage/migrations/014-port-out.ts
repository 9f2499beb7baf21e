// Port-out (issue 13, "Port out"): the requests other carriers make for masq's numbers, and the PIN that
// protects each number. A number has at most one open request: the partial unique index on
// port_outs.number_sid holds that race-free, beside the number lock the use cases take.
import { sql, type SqlBool } from 'kysely';
import type { MigrationFactory, SchemaDb } from './ddl.ts';

/** Must match OPEN_PORT_OUT_STATUSES (domain/port-out.ts); repeated word for word by the queries that use the indexes. */
export const OPEN_PORT_OUT_PREDICATE = sql<SqlBool>`status in ('pending', 'authorized')`;

export const m014PortOut: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.createTable('port_outs')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('number_sid', 'text', (c) => c.notNull().references('numbers.sid').onDelete('cascade'))
      .addColumn('phone_number', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      // The carrier account that reported the request, and its own id for it.
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('carrier_ref', 'text')
      .addColumn('gaining_carrier', 'text', (c) => c.notNull())
      .addColumn('requested_date', date)
      .addColumn('due_date', date)
      .addColumn('rejection_code', 'text')
      .addColumn('rejection_reason', 'text')
      // The pool the number left while porting out, put back if the request is rejected.
      .addColumn('pool_service_sid', 'text', (c) => c.references('services.sid').onDelete('set null'))
      .addColumn('pool_reserved', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('date_completed', date)
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    // The owner's list (keyset paged in creation order), and each number's attempts (wrong PINs counted).
    await db.schema.createIndex('port_outs_account_created_idx').on('port_outs').columns(['account_sid', 'date_created', 'sid']).execute();
    await db.schema.createIndex('port_outs_number_idx').on('port_outs').columns(['number_sid', 'date_created']).execute();
    await db.schema.createIndex('port_outs_open_number_uq').on('port_outs').column('number_sid').unique().where(OPEN_PORT_OUT_PREDICATE).execute();
    // The sweeper's queue: open requests by due date.
    await db.schema.createIndex('port_outs_due_idx').on('port_outs').column('due_date').where(OPEN_PORT_OUT_PREDICATE).execute();
    await db.schema.createIndex('port_outs_carrier_ref_uq').on('port_outs').columns(['source', 'carrier_ref']).unique()
      .where(sql<SqlBool>`carrier_ref is not null`).execute();

    // One PIN per number record: a number bought again is a new record with a PIN of its own.
    await db.schema.createTable('port_out_pins')
      .addColumn('number_sid', 'text', (c) => c.primaryKey().references('numbers.sid').onDelete('cascade'))
      .addColumn('pin', 'text', (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('port_out_pins').execute();
    await db.schema.dropTable('port_outs').execute();
  },
});

// Cost records (issue 13, "Usage and cost"): one immutable row per billable event and category, written in
// the same transaction as the event (domain/usage/cost-record.ts).
//
// Integers only: amounts and rates in micro-units of the currency, quantities in the record's unit
// (segments, messages, seconds, numbers, registrations). bigint, because a year of an installation's
// amounts summed in micro-units overflows int4 on PostgreSQL (SQLite's integer is 64-bit anyway), and pg
// returns int8 as text: the repo reads them with Number().
//
// event_key is unique: a second write of the same event (a retried webhook, two sweepers) is a no-op.
// The summary index: every read (monthly summary, reports, CSV export) is one account's records over a
// period, so (account_sid, occurred_at, sid) serves the range and the export's keyset order; the summed
// columns ride along so a summary never visits the table.
//
// A number's lease is billed period by period (app/bill-leases.ts): numbers.lease_billed_until is the end of
// the last period billed, the epoch until the first one is, so a number that became active by any path is
// billed by the next pass even if that path billed nothing itself. The pass walks a partial index over
// active numbers only: quarantined and released numbers are never billed to the tenant and never scanned.
import { sql, type SqlBool } from 'kysely';
import type { MigrationFactory, SchemaDb } from './ddl.ts';

/** Repeated word for word by the lease pass's query so SQLite uses the partial index. */
export const LEASE_BILLABLE_PREDICATE = sql<SqlBool>`state = 'active'`;
/** lease_billed_until of a number never billed. */
export const LEASE_NEVER_BILLED = '1970-01-01T00:00:00.000Z';

export const m012Costs: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.createTable('cost_records')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('event_key', 'text', (c) => c.notNull())
      .addColumn('resource_sid', 'text', (c) => c.notNull())
      .addColumn('number_sid', 'text')
      .addColumn('phone_number', 'text')
      .addColumn('service_sid', 'text')
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('quantity', 'bigint', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('billable_quantity', 'bigint', (c) => c.notNull())
      .addColumn('rate_micros', 'bigint', (c) => c.notNull())
      .addColumn('amount_micros', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('occurred_at', date, (c) => c.notNull())
      .addColumn('rate_card_version', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cost_records_event_key_uq').on('cost_records').column('event_key').unique().execute();
    // Covering: a summary reads only these columns, so both databases answer it from the index alone
    // (2-4x faster than visiting the table for a year or a whole installation, BENCHMARKS.md "Usage summary").
    await db.schema.createIndex('cost_records_account_time_idx').on('cost_records')
      .columns(['account_sid', 'occurred_at', 'sid', 'category', 'currency', 'billable_quantity', 'amount_micros']).execute();
    await db.schema.alterTable('numbers').addColumn('lease_billed_until', date, (c) => c.notNull().defaultTo(LEASE_NEVER_BILLED)).execute();
    await db.schema.createIndex('numbers_lease_due_idx').on('numbers').columns(['lease_billed_until', 'sid']).where(LEASE_BILLABLE_PREDICATE).execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropIndex('numbers_lease_due_idx').execute();
    await db.schema.alterTable('numbers').dropColumn('lease_billed_until').execute();
    await db.schema.dropTable('cost_records').execute();
  },
});

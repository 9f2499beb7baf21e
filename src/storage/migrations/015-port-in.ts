// Port-in (issue 13, "Porting"): Numbers v1 PortIn requests, the numbers each one moves, and every
// account's porting webhook configuration (read by port-in and port-out alike).
//
// A request keeps what Twilio's wire echoes back and masq never filters on (losing carrier information,
// documents, notification emails, the target date) as a JSON `details` object; columns hold what queries
// filter, join or walk. A number is in at most one open port at a time: the partial unique index on
// port_in_numbers.phone_number is what makes a second request for it fail with 22137, race-free.
import { sql, type SqlBool } from 'kysely';
import type { MigrationFactory, SchemaDb } from './ddl.ts';

/** Must match OPEN_PORT_STATUSES (domain/porting/port-in.ts); repeated word for word by the queries that use the index. */
export const OPEN_PORT_NUMBER_PREDICATE = sql<SqlBool>`status in ('Waiting for Signature', 'Submitted', 'Pending', 'Rejected')`;
/** The sweeper's queue of requests whose LOA was never signed. */
export const UNSIGNED_PORT_PREDICATE = sql<SqlBool>`status = 'Waiting for Signature'`;

const createWebhookConfigs = async (db: SchemaDb, date: 'timestamptz' | 'text'): Promise<void> => {
  // One row per account; a null target means "not configured" for that direction.
  await db.schema.createTable('porting_webhook_configs')
    .addColumn('account_sid', 'text', (c) => c.primaryKey().references('accounts.sid').onDelete('cascade'))
    .addColumn('port_in_target_url', 'text')
    .addColumn('port_out_target_url', 'text')
    // JSON array of event names (PortInWaitingForSignature, PortOutPhoneNumberCompleted...).
    .addColumn('notifications_of', 'text', (c) => c.notNull())
    .addColumn('date_created', date, (c) => c.notNull())
    .addColumn('date_updated', date, (c) => c.notNull())
    .execute();
};

export const m015PortIn: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await createWebhookConfigs(db, date);
    await db.schema.createTable('port_in_requests')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      // Twilio's port_in_request_status, as on the wire.
      .addColumn('status', 'text', (c) => c.notNull())
      // The carrier account the numbers port to (the gaining carrier).
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('support_ticket_id', 'integer', (c) => c.notNull())
      .addColumn('order_cancellation_reason', 'text')
      .addColumn('signed_at', date)
      // When an unsigned request expires.
      .addColumn('expires_at', date, (c) => c.notNull())
      .addColumn('date_status_changed', date, (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('port_in_requests_account_idx').on('port_in_requests').columns(['account_sid', 'date_created', 'sid']).execute();
    await db.schema.createIndex('port_in_requests_unsigned_idx').on('port_in_requests').column('expires_at').where(UNSIGNED_PORT_PREDICATE).execute();

    await db.schema.createTable('port_in_numbers')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('request_sid', 'text', (c) => c.notNull().references('port_in_requests.sid').onDelete('cascade'))
      .addColumn('account_sid', 'text', (c) => c.notNull())
      .addColumn('phone_number', 'text', (c) => c.notNull())
      // Twilio's port_in_phone_number_status, as on the wire.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('pin', 'text')
      // wireless | wireline, as the losing carrier reported it at creation.
      .addColumn('line_type', 'text', (c) => c.notNull())
      // The masq rejection code (ENTITY_NAME_MISMATCH...) while Rejected.
      .addColumn('rejection_code', 'text')
      // The FOC date once the losing carrier accepted; the port executes then.
      .addColumn('port_date', date)
      // The inventory record (PN) the number became.
      .addColumn('number_sid', 'text')
      .addColumn('date_status_changed', date, (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('port_in_numbers_request_idx').on('port_in_numbers').columns(['request_sid', 'date_created', 'sid']).execute();
    await db.schema.createIndex('port_in_numbers_open_uq').on('port_in_numbers').column('phone_number').unique().where(OPEN_PORT_NUMBER_PREDICATE).execute();
    // The sweeper's queues: numbers submitted to the losing carrier, and accepted ones by FOC date.
    await db.schema.createIndex('port_in_numbers_due_idx').on('port_in_numbers').columns(['status', 'port_date']).execute();
  },
  async down(db: SchemaDb) {
    for (const table of ['port_in_numbers', 'port_in_requests', 'porting_webhook_configs']) await db.schema.dropTable(table).execute();
  },
});

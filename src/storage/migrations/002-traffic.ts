// Interactions, the webhook outbox and idempotency keys.
import { type MigrationFactory, type SchemaDb } from './ddl.ts';

export const m002Traffic: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    const leg = (prefix: 'inbound' | 'outbound') => [
      `${prefix}_participant_sid`, `${prefix}_resource_sid`, `${prefix}_resource_type`,
      `${prefix}_resource_status`, `${prefix}_resource_url`,
    ];
    let interactions = db.schema.createTable('interactions')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('session_sid', 'text', (c) => c.notNull().references('sessions.sid').onDelete('cascade'))
      .addColumn('service_sid', 'text', (c) => c.notNull())
      .addColumn('account_sid', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('data', 'text')
      .addColumn('participant_sid', 'text');
    for (const column of [...leg('inbound'), ...leg('outbound')]) interactions = interactions.addColumn(column, 'text');
    await interactions
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('interactions_session_created_idx').on('interactions')
      .columns(['session_sid', 'date_created', 'sid']).execute();
    // Carrier webhook de-duplication looks interactions up by the carrier's message/call id.
    await db.schema.createIndex('interactions_inbound_resource_idx').on('interactions').column('inbound_resource_sid').execute();
    await db.schema.createIndex('interactions_outbound_resource_idx').on('interactions').column('outbound_resource_sid').execute();

    await db.schema.createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', date, (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', date)
      .addColumn('date_created', date, (c) => c.notNull())
      .execute();
    // Due work is `delivered_at is null and next_attempt_at <= now`: equality on the first column, range on the second.
    await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['delivered_at', 'next_attempt_at']).execute();
    await db.schema.createIndex('outbox_account_idx').on('outbox').columns(['account_sid', 'date_created']).execute();

    await db.schema.createTable('idempotency_keys')
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_sid', 'scope', 'key'])
      .execute();
  },
});

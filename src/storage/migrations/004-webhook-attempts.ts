// Callback delivery, made visible: one row per delivery attempt (what was answered, or why nothing was),
// and a give-up mark on the outbox so abandoned callbacks leave the due queue but stay listed.
import { type MigrationFactory, type SchemaDb } from './ddl.ts';

export const m004WebhookAttempts: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.alterTable('outbox').addColumn('given_up_at', date).execute();
    // Due work is now `given_up_at is null and delivered_at is null and next_attempt_at <= now`: equality
    // (IS NULL) on the first two columns, range on the third. Without given_up_at in front, every abandoned
    // entry would stay inside the scanned range of each claim forever.
    await db.schema.dropIndex('outbox_due_idx').execute();
    await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['given_up_at', 'delivered_at', 'next_attempt_at']).execute();

    await db.schema.createTable('webhook_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('outbox_id', 'text', (c) => c.notNull().references('outbox.id').onDelete('cascade'))
      .addColumn('attempted_at', date, (c) => c.notNull())
      .addColumn('http_status', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_attempts_outbox_idx').on('webhook_attempts').columns(['outbox_id', 'attempted_at']).execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('webhook_attempts').execute();
    await db.schema.dropIndex('outbox_pending_idx').execute();
    await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['delivered_at', 'next_attempt_at']).execute();
    await db.schema.alterTable('outbox').dropColumn('given_up_at').execute();
  },
});

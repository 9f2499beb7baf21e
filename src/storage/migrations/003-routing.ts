// Inbound routing: carrier webhooks are de-duplicated by a unique inbound resource id (a retried webhook
// racing the first one cannot log a second interaction), the last session of a (sender, proxy number)
// pair is found by index for the out-of-session callback, and services carry their opt-out words.
import { type MigrationFactory, type SchemaDb } from './ddl.ts';

export const m003Routing: MigrationFactory = () => ({
  async up(db: SchemaDb) {
    await db.schema.dropIndex('interactions_inbound_resource_idx').execute();
    // NULLs (app-initiated messages have no inbound leg) never collide on SQLite or PostgreSQL.
    await db.schema.createIndex('interactions_inbound_resource_uq').on('interactions').column('inbound_resource_sid').unique().execute();
    await db.schema.createIndex('participants_route_history_idx').on('participants')
      .columns(['proxy_identifier', 'identifier', 'date_created']).execute();
    // JSON array of words; NULL = the default list (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT).
    await db.schema.alterTable('services').addColumn('opt_out_words', 'text').execute();
  },
  async down(db: SchemaDb) {
    await db.schema.alterTable('services').dropColumn('opt_out_words').execute();
    await db.schema.dropIndex('participants_route_history_idx').execute();
    await db.schema.dropIndex('interactions_inbound_resource_uq').execute();
    await db.schema.createIndex('interactions_inbound_resource_idx').on('interactions').column('inbound_resource_sid').execute();
  },
});

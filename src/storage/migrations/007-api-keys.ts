// API keys become manageable (the 2010 Keys resource): secrets are kept only as a salted SHA-256
// (domain/api-key-secret.ts) instead of in clear, keys get a date_updated, and an index serves the
// account's key list in (date_created, sid) order. Existing keys keep working: their clear secrets are
// hashed here, then the clear column is dropped.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { hashApiKeySecret } from '../../domain/api-key-secret.ts';
import { type MigrationFactory, type SchemaDb } from './ddl.ts';

export const m007ApiKeys: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    await db.schema.alterTable('api_keys').addColumn('secret_salt', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('api_keys').addColumn('secret_hash', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('api_keys').addColumn('date_updated', date).execute();
    const { rows } = await sql<{ sid: string; secret: string }>`select sid, secret from api_keys`.execute(db);
    for (const row of rows) {
      const salt = randomBytes(16).toString('hex');
      await sql`update api_keys set secret_salt = ${salt}, secret_hash = ${hashApiKeySecret(salt, row.secret)} where sid = ${row.sid}`.execute(db);
    }
    await sql`update api_keys set date_updated = date_created`.execute(db);
    await db.schema.alterTable('api_keys').dropColumn('secret').execute();
    await db.schema.createIndex('api_keys_account_created_idx').on('api_keys').columns(['account_sid', 'date_created', 'sid']).execute();
  },
  // The clear secrets cannot come back: after a downgrade every key must be recreated.
  async down(db: SchemaDb) {
    await db.schema.dropIndex('api_keys_account_created_idx').execute();
    await db.schema.alterTable('api_keys').addColumn('secret', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('api_keys').dropColumn('date_updated').execute();
    await db.schema.alterTable('api_keys').dropColumn('secret_hash').execute();
    await db.schema.alterTable('api_keys').dropColumn('secret_salt').execute();
  },
});

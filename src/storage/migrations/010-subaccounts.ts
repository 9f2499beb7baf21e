// Subaccounts (the 2010 Accounts resource): an account may be owned by another (owner_account_sid, null
// for a top-level account) and has a status, 'active' until its owner suspends or closes it. Existing
// accounts become active top-level accounts.
//
// owner_account_sid carries no foreign key: SQLite cannot drop a column that takes part in one, so `down`
// could not undo it without rebuilding `accounts`, which every other table references. Only
// create-subaccount writes it, with the owner it has just read, and accounts are never deleted.
import { sql } from 'kysely';
import type { MigrationFactory, SchemaDb } from './ddl.ts';

export const m010Subaccounts: MigrationFactory = () => ({
  async up(db: SchemaDb) {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    await db.schema.alterTable('accounts').addColumn('owner_account_sid', 'text').execute();
    await db.schema.alterTable('accounts')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'suspended', 'closed')`))
      .execute();
    // An owner's subaccounts in list order (date_created, sid): the Accounts list reads them by keyset.
    await db.schema.createIndex('accounts_owner_created_idx').on('accounts').columns(['owner_account_sid', 'date_created', 'sid']).execute();
  },
  // Subaccounts stay as rows, becoming top-level and active: their data is kept, their credentials work.
  async down(db: SchemaDb) {
    await db.schema.dropIndex('accounts_owner_created_idx').execute();
    await db.schema.alterTable('accounts').dropColumn('status').execute();
    await db.schema.alterTable('accounts').dropColumn('owner_account_sid').execute();
  },
});

// The sandbox registry's brand profiles (issue 13): the business data behind the BU… bundle SIDs a
// BrandRegistration names, stored by POST /masq/v1/BrandProfiles. The fields travel together and are
// never queried on, so they are one JSON `details` object, as in migration 013.
import type { MigrationFactory, SchemaDb } from './ddl.ts';

export const m017BrandProfiles: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.createTable('brand_profiles')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('friendly_name', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('brand_profiles_account_idx').on('brand_profiles').columns(['account_sid', 'date_created', 'sid']).execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('brand_profiles').execute();
  },
});

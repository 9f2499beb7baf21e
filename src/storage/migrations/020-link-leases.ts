// Carrier link leases (issue 15): which instance holds each long-lived carrier connection (an SMPP
// bind), until when. A row per link, written by the holder's renewals; nothing else refers to it.
import type { MigrationFactory, SchemaDb } from './ddl.ts';

export const m020LinkLeases: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.createTable('link_leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('lease_until', date, (c) => c.notNull())
      .addColumn('date_acquired', date, (c) => c.notNull())
      .execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('link_leases').execute();
  },
});

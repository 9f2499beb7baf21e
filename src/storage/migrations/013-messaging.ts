// US messaging registration (issue 13): Messaging v1 services with their number pools, 10DLC brands and
// campaigns (Usa2p, or a campaign registered elsewhere: PreregisteredUsa2p) and toll-free verifications.
// Gating (app/sms-gate*.ts) reads a sender's state from these tables at send time and in the allocator.
//
// Each resource keeps the fields Twilio's wire has as a JSON `details` object (read and written whole) and,
// as columns, only what queries filter or join on. `decides_at` is when the sandbox registry (or a carrier
// poll) looks at a pending registration next: the registration sweeper walks a partial index on it.
import { sql, type SqlBool } from 'kysely';
import type { MigrationFactory, SchemaDb } from './ddl.ts';

/** Repeated word for word by the sweeper's query so SQLite uses the partial indexes. */
export const REGISTRATION_DUE_PREDICATE = sql<SqlBool>`decides_at is not null`;

export const m013Messaging: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.createTable('messaging_services')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('friendly_name', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messaging_services_account_idx').on('messaging_services').columns(['account_sid', 'date_created', 'sid']).execute();

    // A number is in at most one messaging service (21712): the number's sid is the key.
    await db.schema.createTable('messaging_service_numbers')
      .addColumn('number_sid', 'text', (c) => c.primaryKey().references('numbers.sid').onDelete('cascade'))
      .addColumn('service_sid', 'text', (c) => c.notNull().references('messaging_services.sid').onDelete('cascade'))
      .addColumn('account_sid', 'text', (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messaging_service_numbers_service_idx').on('messaging_service_numbers').columns(['service_sid', 'date_created', 'number_sid']).execute();

    await db.schema.createTable('brand_registrations')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      // PENDING | IN_REVIEW | APPROVED | FAILED | SUSPENDED | DELETION_PENDING | DELETION_FAILED
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('decides_at', date)
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('brand_registrations_account_idx').on('brand_registrations').columns(['account_sid', 'date_created', 'sid']).execute();
    await db.schema.createIndex('brand_registrations_due_idx').on('brand_registrations').column('decides_at').where(REGISTRATION_DUE_PREDICATE).execute();

    // One campaign per messaging service (Twilio's Usa2p is a sub-resource of the service).
    await db.schema.createTable('us_app_to_person')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('messaging_service_sid', 'text', (c) => c.notNull().unique().references('messaging_services.sid').onDelete('cascade'))
      // Null for a campaign registered elsewhere (PreregisteredUsa2p).
      .addColumn('brand_registration_sid', 'text')
      // PENDING | IN_PROGRESS | VERIFIED | FAILED | SUSPENDED
      .addColumn('campaign_status', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('decides_at', date)
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('us_app_to_person_account_idx').on('us_app_to_person').columns(['account_sid', 'date_created', 'sid']).execute();
    await db.schema.createIndex('us_app_to_person_due_idx').on('us_app_to_person').column('decides_at').where(REGISTRATION_DUE_PREDICATE).execute();

    await db.schema.createTable('tollfree_verifications')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('tollfree_phone_number_sid', 'text', (c) => c.notNull())
      // PENDING_REVIEW | IN_REVIEW | TWILIO_APPROVED | TWILIO_REJECTED
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('decides_at', date)
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tollfree_verifications_account_idx').on('tollfree_verifications').columns(['account_sid', 'date_created', 'sid']).execute();
    // The gate reads a toll-free number's latest verification.
    await db.schema.createIndex('tollfree_verifications_number_idx').on('tollfree_verifications').columns(['tollfree_phone_number_sid', 'date_created']).execute();
    await db.schema.createIndex('tollfree_verifications_due_idx').on('tollfree_verifications').column('decides_at').where(REGISTRATION_DUE_PREDICATE).execute();
  },
  async down(db: SchemaDb) {
    for (const table of ['tollfree_verifications', 'us_app_to_person', 'brand_registrations', 'messaging_service_numbers', 'messaging_services']) {
      await db.schema.dropTable(table).execute();
    }
  },
});

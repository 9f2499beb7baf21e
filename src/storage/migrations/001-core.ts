// Accounts, services, the number inventory, sessions, participants and usage history.
// Index names are referenced by conflicts.ts (unique violations) and by the plan checks in
// test/storage/allocation-plan.test.ts; renaming one means a new migration and an update there.
import { sql, type SqlBool } from 'kysely';
import { ACTIVE_SESSION_PREDICATE, BOUND_PREDICATE, type MigrationFactory, type SchemaDb } from './ddl.ts';

export const m001Core: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.createTable('accounts')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('friendly_name', 'text', (c) => c.notNull())
      .addColumn('auth_token', 'text', (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .execute();

    await db.schema.createTable('api_keys')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('friendly_name', 'text')
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('date_created', date, (c) => c.notNull())
      .execute();

    await db.schema.createTable('services')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('unique_name', 'text', (c) => c.notNull())
      .addColumn('chat_instance_sid', 'text')
      .addColumn('callback_url', 'text')
      .addColumn('intercept_callback_url', 'text')
      .addColumn('out_of_session_callback_url', 'text')
      .addColumn('default_ttl', 'integer', (c) => c.notNull())
      .addColumn('geo_match_level', 'text', (c) => c.notNull())
      .addColumn('number_selection_behavior', 'text', (c) => c.notNull())
      .addColumn('dial_argentina_mobile_nine', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('dial_mexico_legacy_one', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pool_limit', 'integer')
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .addUniqueConstraint('services_account_unique_name_uq', ['account_sid', 'unique_name'])
      .execute();
    await db.schema.createIndex('services_account_created_idx').on('services')
      .columns(['account_sid', 'date_created', 'sid']).execute();

    await db.schema.createTable('phone_numbers')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
      .addColumn('service_sid', 'text', (c) => c.references('services.sid').onDelete('set null'))
      .addColumn('phone_number', 'text', (c) => c.notNull())
      .addColumn('friendly_name', 'text')
      .addColumn('iso_country', 'text')
      .addColumn('area_code', 'text')
      .addColumn('cap_voice', 'integer', (c) => c.notNull())
      .addColumn('cap_sms', 'integer', (c) => c.notNull())
      .addColumn('cap_mms', 'integer', (c) => c.notNull())
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('is_reserved', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('load', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .addUniqueConstraint('phone_numbers_phone_number_uq', ['phone_number'])
      .execute();
    // The allocator walks one of these in (load, phone_number) order after equality on the prefix and
    // stops at LIMIT: a tier with countries uses the first, one with NANP area codes the second, a tier
    // with neither ("any") the third. See allocation-queries.ts.
    await db.schema.createIndex('phone_numbers_country_load_idx').on('phone_numbers')
      .columns(['service_sid', 'is_reserved', 'iso_country', 'load', 'phone_number']).execute();
    await db.schema.createIndex('phone_numbers_area_load_idx').on('phone_numbers')
      .columns(['service_sid', 'is_reserved', 'area_code', 'load', 'phone_number']).execute();
    await db.schema.createIndex('phone_numbers_any_load_idx').on('phone_numbers')
      .columns(['service_sid', 'is_reserved', 'load', 'phone_number']).execute();
    await db.schema.createIndex('phone_numbers_pool_created_idx').on('phone_numbers')
      .columns(['service_sid', 'date_created', 'sid']).execute();

    await db.schema.createTable('sessions')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('service_sid', 'text', (c) => c.notNull().references('services.sid').onDelete('cascade'))
      .addColumn('account_sid', 'text', (c) => c.notNull())
      .addColumn('unique_name', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('closed_reason', 'text')
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('ttl', 'integer', (c) => c.notNull())
      .addColumn('date_expiry', date)
      .addColumn('date_started', date, (c) => c.notNull())
      .addColumn('date_ended', date)
      .addColumn('date_last_interaction', date)
      .addColumn('expires_at', date)
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      // NULL unique names never collide (both dialects treat NULLs as distinct).
      .addUniqueConstraint('sessions_service_unique_name_uq', ['service_sid', 'unique_name'])
      .execute();
    await db.schema.createIndex('sessions_service_created_idx').on('sessions')
      .columns(['service_sid', 'date_created', 'sid']).execute();
    // The expiry sweeper reads only active sessions with a deadline, oldest deadline first.
    await db.schema.createIndex('sessions_active_expiry_idx').on('sessions').column('expires_at')
      .where(sql<SqlBool>`${ACTIVE_SESSION_PREDICATE} and expires_at is not null`).execute();

    await db.schema.createTable('participants')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('session_sid', 'text', (c) => c.notNull().references('sessions.sid').onDelete('cascade'))
      .addColumn('service_sid', 'text', (c) => c.notNull())
      .addColumn('account_sid', 'text', (c) => c.notNull())
      .addColumn('friendly_name', 'text')
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('proxy_identifier', 'text', (c) => c.notNull())
      .addColumn('proxy_identifier_sid', 'text', (c) => c.references('phone_numbers.sid'))
      .addColumn('bound', 'integer', (c) => c.notNull())
      .addColumn('date_deleted', date)
      .addColumn('date_created', date, (c) => c.notNull())
      .addColumn('date_updated', date, (c) => c.notNull())
      .addUniqueConstraint('participants_session_identifier_uq', ['session_sid', 'identifier'])
      .execute();
    // Invariant 1 lives here: one active (identifier, proxy) pair per service, whatever the application does.
    await db.schema.createIndex('participants_binding_uq').on('participants').unique()
      .columns(['service_sid', 'identifier', 'proxy_identifier']).where(BOUND_PREDICATE).execute();
    // Inbound routing: (from = identifier, to = proxy) -> the one bound participant.
    await db.schema.createIndex('participants_inbound_route_idx').on('participants')
      .columns(['proxy_identifier', 'identifier']).where(BOUND_PREDICATE).execute();
    await db.schema.createIndex('participants_number_bound_idx').on('participants')
      .column('proxy_identifier_sid').where(BOUND_PREDICATE).execute();

    await db.schema.createTable('number_history')
      .addColumn('service_sid', 'text', (c) => c.notNull().references('services.sid').onDelete('cascade'))
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('number_sid', 'text', (c) => c.notNull().references('phone_numbers.sid').onDelete('cascade'))
      .addColumn('last_used_at', date, (c) => c.notNull())
      .addPrimaryKeyConstraint('number_history_pk', ['service_sid', 'identifier', 'number_sid'])
      .execute();
    await db.schema.createIndex('number_history_recent_idx').on('number_history')
      .columns(['service_sid', 'identifier', 'last_used_at']).execute();
  },
});

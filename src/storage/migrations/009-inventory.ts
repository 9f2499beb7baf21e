// The number inventory (issue 12). `numbers` becomes the record of every number an account holds or held:
// type, place, carrier and the carrier's id, cost, the owner's IncomingPhoneNumber settings and the
// lifecycle. `phone_numbers` stays the Proxy pool record (pool, reserved, load and the copies of what the
// allocator filters on), with the same PN sid. Every existing phone_numbers row becomes an active number.
//
// A number is unique among live records only (a released number comes back as a new record with a new
// sid and its history kept), so the unique constraint on phone_numbers.phone_number goes: the inventory's
// partial unique index guards the live number instead. SQLite cannot drop a table constraint, so the table
// is rebuilt (rebuildSqlitePoolTable).
import { sql, type SqlBool } from 'kysely';
import { type DdlTypes, type MigrationFactory, type SchemaDb } from './ddl.ts';

const isPostgres = (types: DdlTypes): boolean => types.date === 'timestamptz';

/** Must match LIVE_STATES (domain/inventory-number.ts) and the queries that use the partial index. */
export const LIVE_NUMBER_PREDICATE = sql<SqlBool>`state in ('provisioning', 'active', 'porting-out', 'quarantined')`;

const createNumbers = async (db: SchemaDb, { date }: DdlTypes): Promise<void> => {
  await db.schema.createTable('numbers')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
    .addColumn('phone_number', 'text', (c) => c.notNull())
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('carrier_ref', 'text')
    .addColumn('order_ref', 'text')
    .addColumn('iso_country', 'text')
    .addColumn('region', 'text')
    .addColumn('locality', 'text')
    .addColumn('rate_center', 'text')
    .addColumn('lata', 'text')
    .addColumn('postal_code', 'text')
    // Kept as decimal strings: Twilio's wire has them as strings, and they never go through arithmetic here.
    .addColumn('latitude', 'text')
    .addColumn('longitude', 'text')
    .addColumn('cap_voice', 'integer', (c) => c.notNull())
    .addColumn('cap_sms', 'integer', (c) => c.notNull())
    .addColumn('cap_mms', 'integer', (c) => c.notNull())
    .addColumn('cap_fax', 'integer', (c) => c.notNull())
    .addColumn('monthly_cost', 'text')
    // The owner's IncomingPhoneNumber settings (NumberConfig) as JSON: read and written whole.
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('last_traffic_at', date)
    .addColumn('inactive_since', date)
    .addColumn('inactivity_warned_at', date)
    .addColumn('date_released', date)
    .addColumn('quarantine_until', date)
    .addColumn('quarantine_extensions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state_reason', 'text')
    .addColumn('date_state_changed', date, (c) => c.notNull())
    .addColumn('date_created', date, (c) => c.notNull())
    .addColumn('date_updated', date, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('numbers_live_phone_number_uq').on('numbers').column('phone_number').unique()
    .where(LIVE_NUMBER_PREDICATE).execute();
  // An account's listing (IncomingPhoneNumbers, keyset paged in creation order) and its history by number.
  await db.schema.createIndex('numbers_account_created_idx').on('numbers').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('numbers_phone_number_idx').on('numbers').columns(['phone_number', 'date_created']).execute();
  // The sweeper's two queues: quarantines that are due, and active numbers by last traffic.
  await db.schema.createIndex('numbers_quarantine_due_idx').on('numbers').column('quarantine_until')
    .where(sql<SqlBool>`state = 'quarantined'`).execute();
  await db.schema.createIndex('numbers_activity_idx').on('numbers').columns(['state', 'last_traffic_at']).execute();
  // Asynchronous orders waiting on their carrier.
  await db.schema.createIndex('numbers_provisioning_idx').on('numbers').column('date_state_changed')
    .where(sql<SqlBool>`state = 'provisioning'`).execute();

  // Every call or message that reached a quarantined number: never forwarded, always counted.
  await db.schema.createTable('misdirected_traffic')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number_sid', 'text', (c) => c.notNull().references('numbers.sid').onDelete('cascade'))
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('occurred_at', date, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('misdirected_traffic_number_idx').on('misdirected_traffic').columns(['number_sid', 'occurred_at']).execute();

  // Opt-outs belong to the number, not to its holder: they carry over to whoever holds it next.
  await db.schema.createTable('number_opt_outs')
    .addColumn('phone_number', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('date_created', date, (c) => c.notNull())
    .addPrimaryKeyConstraint('number_opt_outs_pk', ['phone_number', 'sender'])
    .execute();

  // An account's number policy (quarantine per type, inactivity); absent = the defaults.
  await db.schema.createTable('number_policies')
    .addColumn('account_sid', 'text', (c) => c.primaryKey().references('accounts.sid').onDelete('cascade'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('date_updated', date, (c) => c.notNull())
    .execute();
};

const DEFAULT_CONFIG = JSON.stringify({});

/** Every number a pool record knows becomes an active inventory number with the same sid. */
const copyPoolNumbers = async (db: SchemaDb): Promise<void> => {
  await sql`
    insert into numbers (sid, account_sid, phone_number, friendly_name, state, type, origin, carrier, carrier_ref,
      iso_country, cap_voice, cap_sms, cap_mms, cap_fax, config, date_state_changed, date_created, date_updated)
    select sid, account_sid, phone_number, coalesce(friendly_name, phone_number), 'active', null, 'added', carrier,
      phone_number, iso_country, cap_voice, cap_sms, cap_mms, 0, ${DEFAULT_CONFIG}, date_created, date_created, date_updated
    from phone_numbers`.execute(db);
};

const POOL_INDEXES: readonly [string, readonly string[]][] = [
  ['phone_numbers_country_load_idx', ['service_sid', 'is_reserved', 'iso_country', 'load', 'phone_number']],
  ['phone_numbers_area_load_idx', ['service_sid', 'is_reserved', 'area_code', 'load', 'phone_number']],
  ['phone_numbers_any_load_idx', ['service_sid', 'is_reserved', 'load', 'phone_number']],
  ['phone_numbers_pool_created_idx', ['service_sid', 'date_created', 'sid']],
];

const createPoolIndexes = async (db: SchemaDb): Promise<void> => {
  for (const [name, columns] of POOL_INDEXES) await db.schema.createIndex(name).on('phone_numbers').columns([...columns]).execute();
};

/** phone_numbers as 001 made it, less the unique constraint on phone_number. */
const createPoolTable = async (db: SchemaDb, { date }: DdlTypes): Promise<void> => {
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
    .execute();
};

/**
 * SQLite's table rebuild inside the migration's transaction. Foreign keys are on and cannot be turned off
 * in a transaction, so they are deferred instead: dropping phone_numbers counts the participants that
 * reference it as pending violations, and putting the same rows back into the rebuilt phone_numbers
 * resolves them before the commit checks. number_history's rows go with the drop (ON DELETE CASCADE) and
 * are put back from a copy.
 */
const rebuildSqlitePoolTable = async (db: SchemaDb, types: DdlTypes): Promise<void> => {
  await sql`pragma defer_foreign_keys = on`.execute(db);
  await sql`create table phone_numbers_009 as select * from phone_numbers`.execute(db);
  await sql`create table number_history_009 as select * from number_history`.execute(db);
  await sql`drop table phone_numbers`.execute(db);
  await createPoolTable(db, types);
  await sql`insert into phone_numbers select * from phone_numbers_009`.execute(db);
  await sql`insert into number_history select * from number_history_009`.execute(db);
  await sql`drop table phone_numbers_009`.execute(db);
  await sql`drop table number_history_009`.execute(db);
  await createPoolIndexes(db);
  const orphans = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
  if (orphans.rows.length > 0) throw new Error(`migration 009: ${orphans.rows.length} foreign key violations after rebuilding phone_numbers`);
};

export const m009Inventory: MigrationFactory = (types) => ({
  async up(db: SchemaDb) {
    await createNumbers(db, types);
    await copyPoolNumbers(db);
    if (isPostgres(types)) await sql`alter table phone_numbers drop constraint phone_numbers_phone_number_uq`.execute(db);
    else await rebuildSqlitePoolTable(db, types);
    // The one live pool record per number: a recycled number's old record keeps its E.164 with no pool.
    await db.schema.createIndex('phone_numbers_phone_number_idx').on('phone_numbers').column('phone_number').execute();
  },
  async down(db: SchemaDb) {
    // Made by this migration before it was released; a database that ran that version has it.
    await db.schema.dropIndex('participants_number_idx').ifExists().execute();
    await db.schema.dropIndex('phone_numbers_phone_number_idx').execute();
    // Fails, as it should, when recycled numbers left two pool records with one E.164.
    if (isPostgres(types)) {
      await sql`alter table phone_numbers add constraint phone_numbers_phone_number_uq unique (phone_number)`.execute(db);
    } else {
      await db.schema.createIndex('phone_numbers_phone_number_uq').on('phone_numbers').column('phone_number').unique().execute();
    }
    await db.schema.dropTable('number_policies').execute();
    await db.schema.dropTable('number_opt_outs').execute();
    await db.schema.dropTable('misdirected_traffic').execute();
    await db.schema.dropTable('numbers').execute();
  },
});

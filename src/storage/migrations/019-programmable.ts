// Programmable numbers (issue 14): the traffic log of calls and messages a number's application handled
// (with its events, in order), masq flows with every revision of their document, and recordings' metadata
// (the audio itself is behind the RecordingStorage port).
//
// Traffic outlives the number it came to (a released number's log is still read), so number_sid is not
// a foreign key; everything goes with its account.
import type { DdlTypes, MigrationFactory, SchemaDb } from './ddl.ts';

const trafficTables = async (db: SchemaDb, date: DdlTypes['date']): Promise<void> => {
  await db.schema.createTable('number_traffic')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
    .addColumn('number_sid', 'text', (c) => c.notNull())
    .addColumn('phone_number', 'text', (c) => c.notNull())
    // message | voice
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('resource_sid', 'text', (c) => c.notNull())
    .addColumn('from_', 'text', (c) => c.notNull())
    .addColumn('to_', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // app | flow | messaging-service | none
    .addColumn('application', 'text', (c) => c.notNull())
    .addColumn('attestation', 'text')
    .addColumn('flow_sid', 'text')
    .addColumn('flow_revision', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer')
    .addColumn('date_created', date, (c) => c.notNull())
    .addColumn('date_updated', date, (c) => c.notNull())
    // A carrier's retried webhook must not log the same call or message twice (StoreConflict 'inbound-resource').
    .addUniqueConstraint('number_traffic_resource_uq', ['carrier', 'resource_sid'])
    .execute();
  await db.schema.createIndex('number_traffic_account_idx').on('number_traffic').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('number_traffic_number_idx').on('number_traffic').columns(['account_sid', 'number_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('number_traffic_channel_idx').on('number_traffic').columns(['account_sid', 'channel', 'date_created', 'sid']).execute();

  await db.schema.createTable('number_traffic_events')
    .addColumn('traffic_sid', 'text', (c) => c.notNull().references('number_traffic.sid').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', date, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    // A JSON object of strings.
    .addColumn('data', 'text', (c) => c.notNull())
    // Two instances appending at once both compute the same next seq: the key refuses one, which retries.
    .addPrimaryKeyConstraint('number_traffic_events_pk', ['traffic_sid', 'seq'])
    .execute();
};

const flowTables = async (db: SchemaDb, date: DdlTypes['date']): Promise<void> => {
  await db.schema.createTable('flows')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('latest_revision', 'integer', (c) => c.notNull())
    .addColumn('date_created', date, (c) => c.notNull())
    .addColumn('date_updated', date, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flows_account_idx').on('flows').columns(['account_sid', 'date_created', 'sid']).execute();

  await db.schema.createTable('flow_revisions')
    .addColumn('flow_sid', 'text', (c) => c.notNull().references('flows.sid').onDelete('cascade'))
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('commit_message', 'text', (c) => c.notNull())
    .addColumn('date_created', date, (c) => c.notNull())
    .addPrimaryKeyConstraint('flow_revisions_pk', ['flow_sid', 'revision'])
    .execute();
};

const recordingTables = async (db: SchemaDb, date: DdlTypes['date']): Promise<void> => {
  await db.schema.createTable('recordings')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
    .addColumn('call_sid', 'text', (c) => c.notNull())
    .addColumn('traffic_sid', 'text')
    .addColumn('number_sid', 'text')
    // voicemail | record-verb | dial
    .addColumn('source', 'text', (c) => c.notNull())
    // in-progress | completed | absent | failed | deleted
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text')
    .addColumn('from_', 'text', (c) => c.notNull())
    .addColumn('transcript', 'text')
    .addColumn('error_code', 'integer')
    .addColumn('start_time', date, (c) => c.notNull())
    .addColumn('date_created', date, (c) => c.notNull())
    .addColumn('date_updated', date, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recordings_account_idx').on('recordings').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('recordings_call_idx').on('recordings').columns(['account_sid', 'call_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('recordings_traffic_idx').on('recordings').columns(['account_sid', 'traffic_sid', 'date_created', 'sid']).execute();
};

export const m019Programmable: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await trafficTables(db, date);
    await flowTables(db, date);
    await recordingTables(db, date);
  },
  async down(db: SchemaDb) {
    for (const table of ['recordings', 'flow_revisions', 'flows', 'number_traffic_events', 'number_traffic']) {
      await db.schema.dropTable(table).execute();
    }
  },
});

// The callback outbox becomes a general job queue: one `jobs` table carries every kind of durable work
// (a customer's callback, a send through a carrier's API...), with the outbox's leases, retries, attempts
// and give-up. Existing outbox rows move over as 'callback' jobs with their payload {url, params}, their
// delivery attempts as job attempts; then the outbox tables go.
//
// The lease stays in next_attempt_at, as the outbox had it: a claim pushes next_attempt_at to the end of
// its lease, so "due" is one range (`next_attempt_at <= now`) over one partial index whether a job waits
// for its first attempt, for a retry, or for a dead worker's claim to run out. A separate lease column
// would make the due test an OR of two columns, which no single index answers.
import { sql, type RawBuilder } from 'kysely';
import { JOB_PENDING_PREDICATE, type DdlTypes, type MigrationFactory, type SchemaDb } from './ddl.ts';

/** The date type is what tells the dialects apart in DDL (ddl.ts); JSON functions are named differently too. */
const isPostgres = (types: DdlTypes): boolean => types.date === 'timestamptz';

/**
 * All of it or none of it. PostgreSQL runs every migration in a transaction already (the savepoint nests in
 * it); on SQLite, where Kysely runs migrations without one, the savepoint is the transaction, and SQLite's
 * DDL is transactional, so a crash halfway never leaves the outbox half moved.
 */
const atomically = async (db: SchemaDb, work: () => Promise<void>): Promise<void> => {
  await sql`savepoint masq_migration_008`.execute(db);
  try {
    await work();
  } catch (err) {
    await sql`rollback to savepoint masq_migration_008`.execute(db);
    await sql`release savepoint masq_migration_008`.execute(db);
    throw err;
  }
  await sql`release savepoint masq_migration_008`.execute(db);
};

const createJobs = async (db: SchemaDb, { date }: DdlTypes): Promise<void> => {
  await db.schema.createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer')
    .addColumn('next_attempt_at', date, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('done_at', date)
    .addColumn('given_up_at', date)
    .addColumn('date_created', date, (c) => c.notNull())
    .execute();
  // The due queue: only jobs still owed, in the order they are claimed. Done and given-up jobs leave the
  // index, so it stays the size of the backlog however long the history grows.
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['next_attempt_at', 'id']).where(JOB_PENDING_PREDICATE).execute();
  // The operator's view: an account's jobs of one kind, newest first.
  await db.schema.createIndex('jobs_account_kind_idx').on('jobs').columns(['account_sid', 'kind', 'date_created']).execute();

  await db.schema.createTable('job_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('attempted_at', date, (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_attempts_job_idx').on('job_attempts').columns(['job_id', 'attempted_at']).execute();
};

/** An outbox row's payload as a callback job carries it: {"url": ..., "params": {...}}. */
const callbackPayload = (types: DdlTypes): RawBuilder<string> => (isPostgres(types)
  ? sql<string>`json_build_object('url', url, 'params', params::json)::text`
  : sql<string>`json_object('url', url, 'params', json(params))`);

const moveOutboxToJobs = async (db: SchemaDb, types: DdlTypes): Promise<void> => {
  await sql`insert into jobs (id, account_sid, kind, payload, attempts, max_attempts, next_attempt_at, last_error, done_at, given_up_at, date_created)
    select id, account_sid, 'callback', ${callbackPayload(types)}, attempts, null, next_attempt_at, last_error, delivered_at, given_up_at, date_created
    from outbox`.execute(db);
  await sql`insert into job_attempts (id, job_id, attempted_at, http_status, error, duration_ms)
    select id, outbox_id, attempted_at, http_status, error, duration_ms from webhook_attempts`.execute(db);
  // Children first: on SQLite, dropping a parent table deletes its rows first, cascading to any child left.
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('outbox').execute();
};

/** The outbox as migration 004 left it. */
const createOutbox = async (db: SchemaDb, { date }: DdlTypes): Promise<void> => {
  await db.schema.createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', date, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', date)
    .addColumn('date_created', date, (c) => c.notNull())
    .addColumn('given_up_at', date)
    .execute();
  await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['given_up_at', 'delivered_at', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_account_idx').on('outbox').columns(['account_sid', 'date_created']).execute();
  await db.schema.createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('outbox_id', 'text', (c) => c.notNull().references('outbox.id').onDelete('cascade'))
    .addColumn('attempted_at', date, (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_outbox_idx').on('webhook_attempts').columns(['outbox_id', 'attempted_at']).execute();
};

const payloadField = (types: DdlTypes, field: 'url' | 'params'): RawBuilder<string> => (isPostgres(types)
  ? (field === 'url' ? sql<string>`payload::json->>'url'` : sql<string>`(payload::json->'params')::text`)
  : (field === 'url' ? sql<string>`json_extract(payload, '$.url')` : sql<string>`json_extract(payload, '$.params')`));

export const m008Jobs: MigrationFactory = (types) => ({
  async up(db: SchemaDb) {
    await atomically(db, async () => {
      await createJobs(db, types);
      await moveOutboxToJobs(db, types);
    });
  },
  // Callback jobs go back to the outbox; jobs of other kinds cannot, and are dropped with the table.
  async down(db: SchemaDb) {
    await atomically(db, async () => {
      await createOutbox(db, types);
      await sql`insert into outbox (id, account_sid, url, params, attempts, next_attempt_at, last_error, delivered_at, date_created, given_up_at)
        select id, account_sid, ${payloadField(types, 'url')}, ${payloadField(types, 'params')}, attempts, next_attempt_at, last_error, done_at, date_created, given_up_at
        from jobs where kind = 'callback'`.execute(db);
      await sql`insert into webhook_attempts (id, outbox_id, attempted_at, http_status, error, duration_ms)
        select a.id, a.job_id, a.attempted_at, a.http_status, a.error, a.duration_ms
        from job_attempts a join jobs j on j.id = a.job_id where j.kind = 'callback'`.execute(db);
      await db.schema.dropTable('job_attempts').execute();
      await db.schema.dropTable('jobs').execute();
    });
  },
});

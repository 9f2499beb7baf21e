// Bulk seeding for benchmarks (and the plan test): N pool numbers and M active sessions with two bound
// participants each, written straight through Kysely in multi-row INSERTs inside one transaction, with
// load and number_history filled in consistently, as if every participant had been created through the
// Store. Seeding a second pool into the same database needs a different `numberOffset`.
//
// Everything is a pure function of the indexes (seededParticipant), so a load generator in another
// process can pick any bound (identifier, proxy number) pair without reading the database. Rows are
// generated and inserted a chunk at a time: a million sessions are five million rows, which as one array
// of objects would need gigabytes of heap.
import { randomBytes } from 'node:crypto';
import { PostgresAdapter, sql, type Insertable, type Kysely } from 'kysely';
import type { BenchHandle } from '../src/storage/bench-handle.ts';
import type { Database } from '../src/storage/schema.ts';

export interface PoolShape {
  readonly numbers: number;
  /** Added to the running number so pools seeded into one database don't collide (default 0). */
  readonly numberOffset?: number;
  /** Every `gbEvery`-th number is a GB mobile instead of a US number (default 5; 0 = all US). */
  readonly gbEvery?: number;
}

export interface SeedOptions extends PoolShape {
  readonly accountSid: string;
  readonly serviceSid: string;
  readonly sessions: number;
  /** The carrier the pool's numbers belong to (default 'sandbox'); inbound routing benchmarks use 'twilio'. */
  readonly carrier?: string;
  readonly now?: Date;
}

export interface SeedResult {
  readonly numbers: number;
  readonly sessions: number;
  readonly participants: number;
  readonly millis: number;
}

const AREA_CODES = ['415', '628', '212', '646', '312', '213'];
/** Rows per INSERT on SQLite: 15,000 bind parameters, under its 32,766 limit. */
const CHUNK = 1000;
const PG_CHUNK = 5000;
/** Sessions generated (and their rows inserted) per step, bounding the seeder's memory. */
const SESSION_STEP = 50_000;

type Row = Readonly<Record<string, unknown>>;

/** SQLite: multi-row INSERTs of CHUNK rows (one bind parameter per value). */
const insertMultiRow = async <T extends keyof Database>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> => {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto(table).values(rows.slice(i, i + CHUNK)).execute();
};

/** PostgreSQL element type of a column, for the unnest casts (dates travel as ISO text and need one). */
const pgType = (column: string, rows: readonly Row[]): string => {
  if (/^date_|_at$/.test(column)) return 'timestamptz';
  const sample = rows.find((r) => r[column] !== null && r[column] !== undefined)?.[column];
  return typeof sample === 'number' ? 'integer' : 'text';
};

/**
 * PostgreSQL: COPY-like batches. One array parameter per column and `select * from unnest(...)`, so a
 * batch of PG_CHUNK rows costs 15 parameters instead of 75,000: about twice as fast as multi-row VALUES.
 */
const insertUnnest = async (db: Kysely<Database>, table: keyof Database, rows: readonly Row[]): Promise<void> => {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const types = columns.map((c) => pgType(c, rows));
  for (let i = 0; i < rows.length; i += PG_CHUNK) {
    const batch = rows.slice(i, i + PG_CHUNK);
    const arrays = columns.map((c, k) => sql`${batch.map((r) => r[c] ?? null)}::${sql.raw(types[k] ?? 'text')}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(db);
  }
};

const insertAll = async <T extends keyof Database>(db: Kysely<Database>, postgres: boolean, table: T, rows: readonly Insertable<Database[T]>[]) =>
  postgres ? insertUnnest(db, table, rows) : insertMultiRow(db, table, rows);

/** Sids that are unique without a random draw per row: a random prefix per seeding run, then a counter. */
const sidMaker = (prefix: string) => {
  const run = randomBytes(8).toString('hex');
  return (i: number) => `${prefix}${run}${i.toString(16).padStart(16, '0')}`;
};

const phoneNumber = (i: number, gbEvery: number): { e164: string; country: string; areaCode: string | null } => {
  if (gbEvery > 0 && i % gbEvery === gbEvery - 1) return { e164: `+447${String(100_000_000 + i).slice(-9)}`, country: 'GB', areaCode: null };
  const areaCode = AREA_CODES[i % AREA_CODES.length] ?? '415';
  return { e164: `+1${areaCode}${String(2_000_000 + (i % 8_000_000)).padStart(7, '0')}`, country: 'US', areaCode };
};

/**
 * The seeded identifier of participant `p` (= 2 x session + side); unique per participant, so no pair
 * repeats. Valid NANP numbers (exchange 200-999, up to 8 million participants): an invalid one costs
 * libphonenumber several times more to parse than any real sender's number would.
 */
export const seededIdentifier = (p: number): string => `+1917${2_000_000 + p}`;

/** Pool index of the number participant `p` is bound to: sessions spread evenly over the pool. */
const numberIndexOf = (p: number, numbers: number): number => p % numbers;

/**
 * The bound (identifier, proxy number) pair of side `side` of seeded session `session`: what a load
 * generator sends as From and To to reach that session.
 */
export const seededParticipant = (session: number, side: 0 | 1, pool: PoolShape): { identifier: string; proxy: string } => {
  const p = 2 * session + side;
  return { identifier: seededIdentifier(p), proxy: phoneNumber(numberIndexOf(p, pool.numbers) + (pool.numberOffset ?? 0), pool.gbEvery ?? 5).e164 };
};

/** How many participants are bound to pool number `n` once `sessions` sessions are seeded. */
const loadOf = (n: number, numbers: number, sessions: number): number => {
  const participants = 2 * sessions;
  return Math.floor(participants / numbers) + (n < participants % numbers ? 1 : 0);
};

export const seedPool = async (target: Kysely<Database> | Pick<BenchHandle, 'kysely'>, o: SeedOptions): Promise<SeedResult> => {
  const started = performance.now();
  const db = 'kysely' in target ? target.kysely : target;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const now = o.now ?? new Date();
  const stamp = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const offset = o.numberOffset ?? 0;
  const gbEvery = o.gbEvery ?? 5;
  const sessionCount = o.numbers > 0 ? o.sessions : 0;
  const pn = sidMaker('PN'), kc = sidMaker('KC'), kp = sidMaker('KP');
  const numberSid = (n: number) => pn(n);

  const sessionRows = (from: number, to: number) => {
    const sessions: Insertable<Database['sessions']>[] = [];
    const participants: Insertable<Database['participants']>[] = [];
    const history: Insertable<Database['number_history']>[] = [];
    for (let s = from; s < to; s++) {
      const sessionSid = kc(s);
      const created = stamp(s % 86_400_000);
      sessions.push({
        sid: sessionSid, service_sid: o.serviceSid, account_sid: o.accountSid, unique_name: null, status: 'in-progress',
        closed_reason: null, mode: 'voice-and-message', ttl: 0, date_expiry: null, date_started: created, date_ended: null,
        date_last_interaction: null, expires_at: null, date_created: created, date_updated: created,
      });
      for (const side of [0, 1] as const) {
        const p = 2 * s + side;
        const n = numberIndexOf(p, o.numbers);
        const { identifier, proxy } = seededParticipant(s, side, o);
        participants.push({
          sid: kp(p), session_sid: sessionSid, service_sid: o.serviceSid, account_sid: o.accountSid,
          friendly_name: null, identifier, proxy_identifier: proxy, proxy_identifier_sid: numberSid(n),
          bound: 1, date_deleted: null, date_created: created, date_updated: created,
        });
        history.push({ service_sid: o.serviceSid, identifier, number_sid: numberSid(n), last_used_at: created });
      }
    }
    return { sessions, participants, history };
  };

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('accounts')
      .values({ sid: o.accountSid, friendly_name: 'bench', auth_token: randomBytes(16).toString('hex'), date_created: stamp(0), date_updated: stamp(0) })
      .onConflict((oc) => oc.column('sid').doNothing()).execute();
    await trx.insertInto('services').values({
      sid: o.serviceSid, account_sid: o.accountSid, unique_name: `bench-${o.serviceSid}`, chat_instance_sid: null, callback_url: null,
      intercept_callback_url: null, out_of_session_callback_url: null, default_ttl: 0, geo_match_level: 'country',
      number_selection_behavior: 'prefer-sticky', dial_argentina_mobile_nine: 0, dial_mexico_legacy_one: 0, pool_limit: null,
      date_created: stamp(0), date_updated: stamp(0),
    }).onConflict((oc) => oc.column('sid').doNothing()).execute();
    await insertAll(trx, postgres, 'phone_numbers', Array.from({ length: o.numbers }, (_, i) => {
      const { e164, country, areaCode } = phoneNumber(i + offset, gbEvery);
      return {
        sid: numberSid(i), account_sid: o.accountSid, service_sid: o.serviceSid, phone_number: e164, friendly_name: null, iso_country: country,
        area_code: areaCode, cap_voice: 1, cap_sms: 1, cap_mms: 0, carrier: o.carrier ?? 'sandbox', is_reserved: i % 50 === 49 ? 1 : 0,
        load: loadOf(i, o.numbers, sessionCount), date_created: stamp(i), date_updated: stamp(i),
      };
    }));
    for (let from = 0; from < sessionCount; from += SESSION_STEP) {
      const rows = sessionRows(from, Math.min(sessionCount, from + SESSION_STEP));
      await insertAll(trx, postgres, 'sessions', rows.sessions);
      await insertAll(trx, postgres, 'participants', rows.participants);
      await insertAll(trx, postgres, 'number_history', rows.history);
    }
  });
  return { numbers: o.numbers, sessions: sessionCount, participants: 2 * sessionCount, millis: Math.round(performance.now() - started) };
};

// ---- The number inventory (the `numbers` table): what IncomingPhoneNumbers lists ----

export interface InventoryShape {
  readonly accountSid: string;
  readonly count: number;
  /** Numbers start at seededInventoryNumber(numberOffset), so accounts seeded into one database never share one (default 0). */
  readonly numberOffset?: number;
  /** The first number's creation time; each later one is INVENTORY_STEP_MS later, in groups (default 2020-01-01). */
  readonly start?: Date;
}

/** Four numbers share each creation time, so the listing's (date_created, sid) keyset needs its sid tie-break. */
const INVENTORY_TIES = 4;
const INVENTORY_STEP_MS = 60_000;
/** Every tenth number carries this FriendlyName (a filter that matches a tenth of the inventory). */
export const INVENTORY_SHARED_NAME = 'support line';
const INVENTORY_START = new Date('2020-01-01T00:00:00.000Z');

/**
 * Inventory number `i` (0-based, creation order): a valid US number, distinct for every i below 48 million
 * (six area codes x 8 million lines), and its Twilio-style default FriendlyName "(415) 200-0000".
 */
export const seededInventoryNumber = (i: number): { e164: string; friendlyName: string } => {
  const areaCode = AREA_CODES[i % AREA_CODES.length] ?? '415';
  const line = String(2_000_000 + Math.floor(i / AREA_CODES.length));
  const e164 = `+1${areaCode}${line}`;
  const friendlyName = i % 10 === 9 ? INVENTORY_SHARED_NAME : `(${areaCode}) ${line.slice(0, 3)}-${line.slice(3)}`;
  return { e164, friendlyName };
};

/** The creation time of inventory number `i`: what its PageToken cursor carries. */
export const seededInventoryCreated = (i: number, start: Date = INVENTORY_START): Date =>
  new Date(start.getTime() + Math.floor(i / INVENTORY_TIES) * INVENTORY_STEP_MS);

/**
 * Bulk-seeds `count` active inventory numbers for one account (and the account row), in one transaction,
 * a step at a time: rows shaped as buy-number.ts writes them, straight into `numbers` (no pool records:
 * IncomingPhoneNumbers lists the inventory alone). Sids sort in creation order within a tie, as the
 * counter is their tail. Returns the sids in listing order, so a caller can build any page's cursor.
 */
export const seedInventory = async (target: Kysely<Database> | Pick<BenchHandle, 'kysely'>, o: InventoryShape): Promise<{ sids: string[]; millis: number }> => {
  const started = performance.now();
  const db = 'kysely' in target ? target.kysely : target;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const pn = sidMaker('PN');
  const sids = Array.from({ length: o.count }, (_, i) => pn(i));
  const row = (i: number): Insertable<Database['numbers']> => {
    const { e164, friendlyName } = seededInventoryNumber(i + (o.numberOffset ?? 0));
    const created = seededInventoryCreated(i, o.start).toISOString();
    return {
      sid: sids[i] ?? pn(i), account_sid: o.accountSid, phone_number: e164, friendly_name: friendlyName, state: 'active', type: 'local',
      origin: 'purchased', carrier: 'sandbox', carrier_ref: e164, iso_country: 'US', cap_voice: 1, cap_sms: 1, cap_mms: 1, cap_fax: 0,
      config: '{}', quarantine_extensions: 0, date_state_changed: created, date_created: created, date_updated: created,
    };
  };
  await db.transaction().execute(async (trx) => {
    const stamp = (o.start ?? INVENTORY_START).toISOString();
    await trx.insertInto('accounts')
      .values({ sid: o.accountSid, friendly_name: 'bench', auth_token: randomBytes(16).toString('hex'), date_created: stamp, date_updated: stamp })
      .onConflict((oc) => oc.column('sid').doNothing()).execute();
    for (let from = 0; from < o.count; from += SESSION_STEP) {
      const to = Math.min(o.count, from + SESSION_STEP);
      await insertAll(trx, postgres, 'numbers', Array.from({ length: to - from }, (_, k) => row(from + k)));
    }
  });
  return { sids, millis: Math.round(performance.now() - started) };
};

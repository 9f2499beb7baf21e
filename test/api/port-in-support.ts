// Port-in tests' harness: a listening masq on SQLite or PostgreSQL (a fresh schema), the official twilio
// client pointed at its /numbers and /api prefixes, sandbox subscriber numbers to port, and helpers that
// drive the sweeper and the job worker by hand (the clock is moved, never slept on).
import type { Config } from '../../src/config/schema.ts';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { sweepPortIns } from '../../src/app/porting/port-in-sweeper.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { subscriberOf } from '../../src/carriers/sandbox/subscribers.ts';
import type { SubscriberRecord } from '../../src/domain/porting/losing-carrier.ts';
import twilio from 'twilio';
import { POSTGRES_URL } from '../support/stores.ts';
import { startSuiteApi } from './suite-api.ts';
import { ACCOUNT_SID, AUTH_TOKEN, type Api } from './support.ts';

export type Client = ReturnType<typeof twilio>;

export interface PortingHarness {
  readonly api: Api;
  readonly client: Client;
  readonly origin: string;
  sweep(): Promise<void>;
  runJobs(): Promise<void>;
  close(): Promise<void>;
}

export const DIALECTS: readonly ('sqlite' | 'postgres')[] = POSTGRES_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

/** `config`: more settings for the suite (carrier accounts, the default carrier); the sandbox's by default. */
export const startPorting = async (dialect: 'sqlite' | 'postgres', config: Partial<Config> = {}): Promise<PortingHarness> => {
  const api = await startSuiteApi(dialect, { callbackAllowPrivate: true, ...config });
  const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  client.numbers.baseUrl = `${origin}/numbers`;
  client.api.baseUrl = `${origin}/api`;
  return {
    api, client, origin,
    sweep: async () => { while ((await sweepPortIns(api.runtime.deps)).more); },
    runJobs: async () => { await runDueJobs(api.runtime.deps, JOB_HANDLERS, 100); },
    close: () => api.close(),
  };
};

/** Sandbox subscriber numbers of one line type, each from a different account, starting at a seed. */
export const heldNumbers = (lineType: 'wireless' | 'wireline', count: number, from = 2_125_550_000): SubscriberRecord[] => {
  const found: SubscriberRecord[] = [];
  const accounts = new Set<string>();
  for (let n = from; found.length < count && n < from + 100_000; n += 1) {
    const record = subscriberOf(`+1${n}`);
    if (record && record.lineType === lineType && !accounts.has(record.accountTelephoneNumber)) {
      accounts.add(record.accountTelephoneNumber);
      found.push(record);
    }
  }
  if (found.length < count) throw new Error(`only ${found.length} ${lineType} subscribers found`);
  return found;
};

/** Two numbers held by the same subscriber account. */
export const sameAccountPair = (lineType: 'wireless' | 'wireline', from = 3_105_550_000): [SubscriberRecord, SubscriberRecord] => {
  for (let n = from; n < from + 100_000; n += 10) {
    const records = Array.from({ length: 10 }, (_, i) => subscriberOf(`+1${n + i}`)).filter((r): r is SubscriberRecord => r !== null && r.lineType === lineType);
    const [a, b] = records;
    if (a && b) return [a, b];
  }
  throw new Error('no account with two held numbers');
};

export const DOCUMENT = `RD${'a'.repeat(32)}`;

/** A camelCase create body (what twilio-node's types ask for) that matches the subscriber records. */
export const portBody = (records: readonly SubscriberRecord[], change: { name?: string; accountNumber?: string; pin?: string; zip?: string; btn?: string } = {}) => {
  const [first] = records;
  if (!first) throw new Error('no records');
  return {
    accountSid: ACCOUNT_SID,
    documents: [DOCUMENT],
    losingCarrierInformation: {
      customerName: change.name ?? first.customerName,
      customerType: first.customerType,
      accountNumber: change.accountNumber ?? first.accountNumber,
      accountTelephoneNumber: change.btn ?? first.accountTelephoneNumber,
      authorizedRepresentative: first.customerName,
      authorizedRepresentativeEmail: 'owner@example.invalid',
      address: { street: first.address.street, city: first.address.city, state: first.address.state, zip: change.zip ?? first.address.zip, country: 'US' },
    },
    phoneNumbers: records.map((r) => ({ phoneNumber: r.phoneNumber, ...(r.pin !== null || change.pin !== undefined ? { pin: change.pin ?? r.pin ?? '' } : {}) })),
  };
};

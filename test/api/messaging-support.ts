// The harness of the messaging service and brand registration suites: a listening masq (loopback) on SQLite
// and, with MASQ_TEST_POSTGRES_URL, on a fresh PostgreSQL schema; the official twilio client pointed at
// /messaging and /api; the clock the test moves.
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { buildApp } from '../../src/http/build-app.ts';
import { POSTGRES_URL } from '../support/stores.ts';
import { startSuiteApi } from './suite-api.ts';
import { ACCOUNT_SID, AUTH_TOKEN, str, type Api, type Fields } from './support.ts';

export type Client = ReturnType<typeof twilio>;

export const DIALECTS: readonly ('sqlite' | 'postgres')[] = POSTGRES_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

export interface MessagingHarness {
  readonly api: Api;
  readonly client: Client;
  readonly origin: string;
  /** Buys `count` sandbox numbers in the US (area code 415); returns their PN sids. */
  buyNumbers(count: number): Promise<string[]>;
  /** Creates a brand profile through /masq/v1/BrandProfiles; returns its BU sid. */
  profile(fields?: Fields): Promise<string>;
  close(): Promise<void>;
}

/** A profile the sandbox registry approves for a STANDARD brand. */
export const VALID_PROFILE: Fields = {
  LegalName: 'Acme Rides Inc', TaxId: '12-3456789', EntityType: 'PRIVATE_PROFIT', Vertical: 'TRANSPORTATION', Street: '1 Main St',
  City: 'San Francisco', Region: 'CA', PostalCode: '94105', IsoCountry: 'US', Website: 'https://acme.invalid', Email: 'ops@acme.invalid',
  Phone: '+14155550100',
};

export const twilioError = (code: number, status = 400) => (err: unknown): boolean => {
  assert.ok(err instanceof twilio.RestException, `RestException, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.status, status);
  return true;
};

export const startMessaging = async (dialect: 'sqlite' | 'postgres'): Promise<MessagingHarness> => {
  const api = await startSuiteApi(dialect);
  // Its own app with URLs from the Host header: the client follows next_page_url verbatim, so page links
  // must point at this listening server (the shared harness's public URL does not resolve).
  const app = await buildApp({ deps: api.runtime.deps, publicUrl: null, sandbox: api.runtime.sandbox, logLevel: 'silent' });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  client.messaging.baseUrl = `${origin}/messaging`;
  client.api.baseUrl = `${origin}/api`;
  return {
    api,
    client,
    origin,
    async buyNumbers(count) {
      const available = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: count });
      assert.equal(available.length, count);
      const sids: string[] = [];
      for (const n of available) sids.push((await client.incomingPhoneNumbers.create({ phoneNumber: n.phoneNumber })).sid);
      return sids;
    },
    async profile(fields = VALID_PROFILE) {
      const res = await api.post('/masq/v1/BrandProfiles', fields);
      assert.equal(res.status, 201, res.body);
      return str(res.json, 'sid');
    },
    async close() {
      await app.close();
      await api.close();
    },
  };
};

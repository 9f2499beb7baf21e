// The set-up the real-carrier suites share: a `masq serve` (sandbox on) with a Twilio account and a Telnyx
// account pointed at local fakes of their APIs, its database kept so it can be restarted after a SIGKILL,
// the official twilio client and raw requests against whichever process serves now, and what the fakes saw.
// MASQ_CALLBACK_TIMEOUT_MS is at its minimum (100 ms) so a job's lease (timeout*2 + 5 s) ends in ~5.2 s.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import type { InventoryNumber } from '../../src/domain/inventory-number.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi, type TelnyxSigningKeys } from '../support/fake-telnyx-api.ts';
import { startFakeTwilioApi, type FakeTwilioApi, type ReceivedTwilioRequest } from './fake-twilio-api.ts';
import { startServe, type Served } from './serve-process.ts';

export const ACCOUNT_SID = `AC${'8'.repeat(32)}`;
const AUTH_TOKEN = 'e2e-real-carrier-numbers';
export const TWILIO = { name: 'twilio-us', accountSid: `AC${'7'.repeat(32)}`, authToken: '0123456789abcdef0123456789abcdef' } as const;
export const TELNYX = {
  name: 'telnyx', apiKey: 'KEYe2e-real-carrier-numbers', connectionId: '1684641123236054244', messagingProfileId: '40017f8e-49bd-4a19-b3b8-6f2a3c5d7e9b',
} as const;
/** Restart, lease (~5.2 s), the worker's pass and an order's polls (1 s, 2 s), with room for a slow machine. */
const DEADLINE_MS = 30_000;

export type Json = Record<string, unknown>;
export const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Polls `check` until it returns a value (not undefined), or fails naming what never happened. */
export const waitFor = async <T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = DEADLINE_MS): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export interface RealCarriers {
  readonly fakeTwilio: FakeTwilioApi;
  readonly fakeTelnyx: FakeTelnyxApi;
  readonly keys: TelnyxSigningKeys;
  /** The process serving now. */
  served(): Served;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** A new process on the same database (another port, so another public URL). */
  restart(): Promise<void>;
  /** The official client, pointed at the process serving now. */
  client(): ReturnType<typeof twilio>;
  /** A request as any HTTP client sends it: for masq's own form fields and keys, which twilio-node drops. */
  api(method: string, path: string, form?: Record<string, string>): Promise<{ status: number; body: Json }>;
  /** A raw purchase through the named carrier account (MasqCarrier). */
  buy(phoneNumber: string, carrier: string): Promise<{ status: number; body: Json }>;
  fetchNumber(sid: string): Promise<{ status: number; body: Json }>;
  untilActive(sid: string): Promise<Json>;
  /** masq's own record, read from its database: what the API no longer shows (failed, quarantined). */
  stored(sid: unknown): Promise<InventoryNumber>;
  /** The purchases of `e164` the fake Twilio received. */
  twilioBuys(e164: string): ReceivedTwilioRequest[];
  close(): Promise<void>;
}

export const startRealCarriers = async (): Promise<RealCarriers> => {
  const keys = telnyxSigningKeys();
  const dataDir = mkdtempSync(join(tmpdir(), 'masq-e2e-real-carriers-'));
  const fakeTwilio = await startFakeTwilioApi(TWILIO.accountSid, TWILIO.authToken);
  const fakeTelnyx = await startFakeTelnyxApi(TELNYX.apiKey);
  const serve = (): Promise<Served> => startServe({
    MASQ_ACCOUNT_SID: ACCOUNT_SID,
    MASQ_AUTH_TOKEN: AUTH_TOKEN,
    MASQ_CARRIERS: JSON.stringify([
      { type: 'twilio', name: TWILIO.name, accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, apiUrl: fakeTwilio.url },
      { type: 'telnyx', name: TELNYX.name, apiKey: TELNYX.apiKey, publicKey: keys.publicKey, apiUrl: fakeTelnyx.url,
        connectionId: TELNYX.connectionId, messagingProfileId: TELNYX.messagingProfileId },
    ]),
    // The unchanged client (no MasqCarrier) buys at Twilio.
    MASQ_DEFAULT_CARRIER: TWILIO.name,
    MASQ_CALLBACK_TIMEOUT_MS: '100',
  }, { dataDir });
  let served = await serve();
  const observer: Store = await openStore(`sqlite:${join(dataDir, 'masq.db')}`, { migrate: false });

  const api: RealCarriers['api'] = async (method, path, form) => {
    const res = await fetch(`${served.url}/2010-04-01/Accounts/${ACCOUNT_SID}/${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    const body: unknown = res.status === 204 ? {} : await res.json();
    assert.ok(isJson(body));
    return { status: res.status, body };
  };
  const fetchNumber = (sid: string) => api('GET', `IncomingPhoneNumbers/${sid}.json`);
  return {
    fakeTwilio, fakeTelnyx, keys, api, fetchNumber,
    served: () => served,
    kill: () => served.stop('SIGKILL'),
    restart: async () => { served = await serve(); },
    client: () => {
      const c = twilio(ACCOUNT_SID, AUTH_TOKEN);
      c.api.baseUrl = `${served.url}/api`;
      c.proxy.baseUrl = `${served.url}/proxy`;
      return c;
    },
    buy: (phoneNumber, carrier) => api('POST', 'IncomingPhoneNumbers.json', { PhoneNumber: phoneNumber, MasqCarrier: carrier }),
    untilActive: (sid) => waitFor(`${sid} to become active`, async () => {
      const { body } = await fetchNumber(sid);
      return body.masq_lifecycle === 'active' ? body : undefined;
    }),
    stored: async (sid) => {
      const record = await observer.findInventoryNumber(ACCOUNT_SID, String(sid));
      assert.ok(record, `masq holds a record of ${String(sid)}`);
      return record;
    },
    twilioBuys: (e164) => fakeTwilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/IncomingPhoneNumbers.json') && r.form.get('PhoneNumber') === e164),
    close: async () => {
      await served.stop('SIGKILL');
      await observer.close();
      await fakeTwilio.close();
      await fakeTelnyx.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

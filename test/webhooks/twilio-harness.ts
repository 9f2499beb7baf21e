// A masq app with the Twilio carrier configured (never listening: inject()), a pool of Twilio numbers,
// and helpers that post webhooks the way Twilio does: form-encoded, signed with the SDK's own function.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { defaultConfig } from '../../src/config/load-config.ts';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { ACCOUNT_SID, AUTH_TOKEN, BASE, form, jsonObjectOf, list, MAIN_AUTH, MutableClock, str, type Fields } from '../api/support.ts';

export const TWILIO_SID = `AC${'7'.repeat(32)}`;
export const TWILIO_TOKEN = 'twilio-account-auth-token-0123';

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly json: Record<string, unknown>;
}

export interface WebhookOptions {
  /** null sends no X-Twilio-Signature; a string sends that one; by default the SDK signs. */
  readonly signature?: string | null;
  readonly contentType?: string;
  /** Sent instead of the form-encoded params (e.g. an oversized body). */
  readonly payload?: string;
}

export interface Harness {
  readonly app: MasqApp;
  readonly runtime: Runtime;
  api(method: 'GET' | 'POST', path: string, fields?: Fields): Promise<Reply>;
  webhook(path: string, params: Record<string, string>, options?: WebhookOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** With `twilioConfigured: false` the app runs without Twilio credentials (its routes answer 404). */
export const startTwilioApp = async (opts: { twilioConfigured?: boolean; outOfSessionReply?: string } = {}): Promise<Harness> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-twilio-'));
  const configured = opts.twilioConfigured ?? true;
  const runtime = await createRuntime(defaultConfig({
    databaseUrl: `sqlite:${join(dir, 'masq.db')}`, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: BASE, outOfSessionReply: opts.outOfSessionReply ?? null,
    // Nothing listens there: in-reply forwarding must never need Twilio's REST API.
    ...(configured ? { carrierAccounts: [{ type: 'twilio', name: 'twilio', settings: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, apiUrl: 'http://127.0.0.1:9' } }], defaultCarrier: 'twilio' } : {}),
  }), { sweepIntervalMs: 0, clock: new MutableClock() });
  const app = await buildApp({ deps: runtime.deps, publicUrl: BASE, logLevel: 'silent' });
  const reply = (res: { statusCode: number; body: string; headers: Record<string, unknown> }): Reply => ({
    status: res.statusCode, body: res.body, contentType: String(res.headers['content-type'] ?? ''), json: jsonObjectOf(res.body),
  });
  return {
    app,
    runtime,
    api: async (method, path, fields = {}) => reply(await app.inject({
      method, url: path, headers: { authorization: MAIN_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: method === 'POST' ? form(fields) : undefined,
    })),
    webhook: async (path, params, options = {}) => {
      const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${BASE}${path}`, params) : options.signature;
      return reply(await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
        payload: options.payload ?? new URLSearchParams(params).toString(),
      }));
    },
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export interface Pair {
  readonly service: string;
  readonly session: string;
  /** Real numbers and the proxy number each was given. */
  readonly alice: { readonly identifier: string; readonly proxy: string };
  readonly bob: { readonly identifier: string; readonly proxy: string };
}

/** A service with Twilio numbers and one session between two people. */
export const seedPair = async (h: Harness, name: string, numbers: readonly string[], alice: string, bob: string): Promise<Pair> => {
  const service = str((await h.api('POST', '/v1/Services', { UniqueName: name })).json, 'sid');
  for (const number of numbers) await h.api('POST', `/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: number });
  const session = str((await h.api('POST', `/v1/Services/${service}/Sessions`, { UniqueName: name })).json, 'sid');
  const add = async (identifier: string) => {
    const created = await h.api('POST', `/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: identifier });
    return { identifier, proxy: str(created.json, 'proxy_identifier') };
  };
  return { service, session, alice: await add(alice), bob: await add(bob) };
};

/** The session's interactions, oldest first (the clock is strictly increasing, so this is creation order). */
export const interactionsOf = async (h: Harness, pair: Pair): Promise<Record<string, unknown>[]> =>
  list((await h.api('GET', `/v1/Services/${pair.service}/Sessions/${pair.session}/Interactions?PageSize=1000`)).json, 'interactions');

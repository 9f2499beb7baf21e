// The API harness: a real runtime on a SQLite temp file, the app built on it (never listening), and
// helpers that speak the wire the way twilio-node does (form bodies, Basic auth).
import { defaultConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { MasqApp } from '../../src/http/build-app.ts';
import { buildApp } from '../../src/http/build-app.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';

export const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
export const AUTH_TOKEN = 'main-account-token';
export const OTHER_SID = `AC${'2'.repeat(32)}`;
export const OTHER_TOKEN = 'other-account-token';
export const BASE = 'http://masq.test';

export const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
export const MAIN_AUTH = basic(ACCOUNT_SID, AUTH_TOKEN);
export const OTHER_AUTH = basic(OTHER_SID, OTHER_TOKEN);

export type Fields = Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>;

/** Form-encodes like twilio-node: repeated keys for arrays, %20 for spaces. */
export const form = (fields: Fields): string =>
  Object.entries(fields)
    .flatMap(([key, value]) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`)))
    .join('&');

/** Real time that tests can move forward; strictly increasing, so creation order is listing order. */
export class MutableClock implements Clock {
  #offset = 0;
  #last = 0;
  now(): Date {
    this.#last = Math.max(Date.now() + this.#offset, this.#last + 1);
    return new Date(this.#last);
  }
  advance(seconds: number): void {
    this.#offset += seconds * 1000;
  }
}

export interface Response {
  readonly status: number;
  readonly body: string;
  readonly json: Record<string, unknown>;
  readonly headers: LightMyRequestResponse['headers'];
}

/** A JSON object body as a record; anything else (empty, an array, not JSON) as {}. */
export const jsonObjectOf = (body: string): Record<string, unknown> => {
  try {
    const parsed: unknown = body === '' ? {} : JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
  } catch {
    return {};
  }
};

const toResponse = (res: LightMyRequestResponse): Response => {
  return { status: res.statusCode, body: res.body, json: jsonObjectOf(res.body), headers: res.headers };
};

export interface Api {
  readonly app: MasqApp;
  readonly runtime: Runtime;
  readonly clock: MutableClock;
  get(path: string, auth?: string | null): Promise<Response>;
  post(path: string, fields?: Fields | string, auth?: string | null, headers?: Record<string, string>): Promise<Response>;
  del(path: string, auth?: string | null): Promise<Response>;
  close(): Promise<void>;
}

/** `config` overrides any setting (e.g. `{ sandbox: false }` or a Twilio carrier for the sandbox's own suites). */
export const startApi = async (opts: { poolLimit?: number | null; config?: Partial<Config> } = {}): Promise<Api> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-api-'));
  const clock = new MutableClock();
  const runtime = await createRuntime(
    defaultConfig({ databaseUrl: `sqlite:${join(dir, 'masq.db')}`, recordingsDir: join(dir, 'recordings'), accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, poolLimit: opts.poolLimit ?? null, ...opts.config }),
    { sweepIntervalMs: 0, jobIntervalMs: 0, clock },
  );
  const now = clock.now();
  await runtime.deps.store.upsertAccount({ sid: OTHER_SID, friendlyName: 'other', authToken: OTHER_TOKEN, dateCreated: now, dateUpdated: now });
  const app = await buildApp({ deps: runtime.deps, publicUrl: BASE, sandbox: runtime.sandbox, logLevel: 'silent' });
  const headersFor = (auth: string | null | undefined) => (auth === null ? {} : { authorization: auth ?? MAIN_AUTH });
  return {
    app,
    runtime,
    clock,
    get: async (path, auth) => toResponse(await app.inject({ method: 'GET', url: path, headers: headersFor(auth) })),
    post: async (path, fields = {}, auth, headers = {}) => toResponse(await app.inject({
      method: 'POST',
      url: path,
      headers: { ...headersFor(auth), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: typeof fields === 'string' ? fields : form(fields),
    })),
    del: async (path, auth) => toResponse(await app.inject({ method: 'DELETE', url: path, headers: headersFor(auth) })),
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** A string field of a JSON response (fails loudly when absent). */
export const str = (json: Record<string, unknown>, key: string): string => {
  const value = json[key];
  if (typeof value !== 'string') throw new Error(`expected string at ${key}, got ${JSON.stringify(value)}`);
  return value;
};

export const list = (json: Record<string, unknown>, key: string): Record<string, unknown>[] => {
  const value = json[key];
  if (!Array.isArray(value)) throw new Error(`expected a list at ${key}`);
  return value.map((v: unknown) => (typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v)) : {}));
};

export const obj = (json: Record<string, unknown>, key: string): Record<string, unknown> => {
  const value = json[key];
  if (typeof value !== 'object' || value === null) throw new Error(`expected an object at ${key}`);
  return Object.fromEntries(Object.entries(value));
};

/** A service with a pool of the given numbers; returns the service sid and number sids. */
export const seedService = async (api: Api, name: string, numbers: readonly string[] = []): Promise<{ sid: string; numbers: string[] }> => {
  const created = await api.post('/v1/Services', { UniqueName: name });
  if (created.status !== 201) throw new Error(`service create failed: ${created.body}`);
  const sid = str(created.json, 'sid');
  const sids: string[] = [];
  for (const number of numbers) {
    const added = await api.post(`/v1/Services/${sid}/PhoneNumbers`, { PhoneNumber: number });
    if (added.status !== 201) throw new Error(`number add failed: ${added.body}`);
    sids.push(str(added.json, 'sid'));
  }
  return { sid, numbers: sids };
};

export const errorOf = (res: Response) => ({ status: res.status, code: res.json.code, bodyStatus: res.json.status });

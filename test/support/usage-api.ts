// The usage suites' harness: a real runtime on SQLite or on PostgreSQL (a fresh schema), a clock the test
// sets, the app listening on loopback for the official twilio client, and the accounts usage is read for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { defaultConfig } from '../../src/config/load-config.ts';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { ACCOUNT_SID, AUTH_TOKEN, basic, OTHER_SID, OTHER_TOKEN } from '../api/support.ts';
import { TestClock } from './app-deps.ts';
import { createTestSchema, POSTGRES_URL, withSearchPath } from './stores.ts';

export const DIALECTS: readonly ('sqlite' | 'postgres')[] = ['sqlite', ...(POSTGRES_URL === undefined ? [] : ['postgres' as const])];

export interface UsageApi {
  readonly runtime: Runtime;
  readonly app: MasqApp;
  readonly clock: TestClock;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** A twilio client on the main account, its api domain pointed at masq's /api mount. */
  client(username?: string, password?: string): ReturnType<typeof twilio>;
  /** A GET with the main account's credentials (or `auth`): status, headers and body text. */
  get(path: string, auth?: string): Promise<{ status: number; headers: Headers; text: string }>;
  close(): Promise<void>;
}

/** Starts masq with its accounts created at `createdAt`, then sets the clock to `now`. */
export const startUsageApi = async (dialect: 'sqlite' | 'postgres', createdAt: Date, now: Date): Promise<UsageApi> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-usage-'));
  const schema = dialect === 'postgres' && POSTGRES_URL !== undefined ? await createTestSchema(POSTGRES_URL) : null;
  const databaseUrl = schema && POSTGRES_URL !== undefined ? withSearchPath(POSTGRES_URL, schema.schema) : `sqlite:${join(dir, 'masq.db')}`;
  const clock = new TestClock(createdAt);
  const runtime = await createRuntime(defaultConfig({ databaseUrl, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), { sweepIntervalMs: 0, jobIntervalMs: 0, clock });
  await runtime.deps.store.upsertAccount({ sid: OTHER_SID, friendlyName: 'other', authToken: OTHER_TOKEN, dateCreated: createdAt, dateUpdated: createdAt });
  clock.current = now;
  const app = await buildApp({ deps: runtime.deps, publicUrl: null, sandbox: runtime.sandbox, logLevel: 'silent' });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    runtime, app, clock, origin,
    client: (username = ACCOUNT_SID, password = AUTH_TOKEN) => {
      const client = twilio(username, password);
      client.api.baseUrl = `${origin}/api`;
      return client;
    },
    get: async (path, auth = basic(ACCOUNT_SID, AUTH_TOKEN)) => {
      const res = await fetch(`${origin}${path}`, { headers: { authorization: auth } });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    close: async () => {
      await app.close();
      await runtime.close();
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

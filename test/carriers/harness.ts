// A masq "world" for the carrier contract suite: the carriers' drivers started, a real runtime with their
// accounts on a fresh database (SQLite in a temp dir, or a PostgreSQL schema of its own), the app on it
// (never listening: inject()), and a second instance on the same database that dies mid-send on demand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { AppDeps } from '../../src/app/deps.ts';
import { defaultConfig } from '../../src/config/load-config.ts';
import type { CarrierAccountSettings } from '../../src/domain/carrier-settings.ts';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import type { CarrierAccount, CarrierAccounts } from '../../src/ports/carrier.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { ACCOUNT_SID, AUTH_TOKEN, form, jsonObjectOf, MAIN_AUTH, MutableClock } from '../api/support.ts';
import { createTestSchema, POSTGRES_URL, withSearchPath } from '../support/stores.ts';
import type { CarrierDriver, DriverInstance, HttpReply, MasqEndpoint } from './drivers/driver.ts';

/** What carriers are told to call, and sign: a name that can never resolve. */
export const PUBLIC_URL = 'https://masq.invalid';

export interface Database {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, empty database: its URL and how to remove it. */
  create(): Promise<{ readonly url: string; drop(): Promise<void> }>;
}

const sqlite: Database = {
  name: 'sqlite',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masq-contract-'));
    return { url: `sqlite:${join(dir, 'masq.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres = (url: string): Database => ({
  name: 'postgres',
  create: async () => {
    const { schema, drop } = await createTestSchema(url);
    return { url: withSearchPath(url, schema), drop };
  },
});

/** SQLite always; PostgreSQL too when MASQ_TEST_POSTGRES_URL is set. */
export const DATABASES: readonly Database[] = [sqlite, ...(POSTGRES_URL === undefined ? [] : [postgres(POSTGRES_URL)])];

export interface Masq extends MasqEndpoint {
  readonly app: MasqApp;
  readonly runtime: Runtime;
  close(): Promise<void>;
}

const replyOf = (res: LightMyRequestResponse): HttpReply => {
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body, json: jsonObjectOf(res.body) };
};

const startMasq = async (url: string, accounts: readonly CarrierAccountSettings[], clock: MutableClock, depsOf: (deps: AppDeps) => AppDeps = (d) => d): Promise<Masq> => {
  const runtime = await createRuntime(defaultConfig({
    databaseUrl: url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL, carrierAccounts: accounts, defaultCarrier: 'sandbox',
  }), { sweepIntervalMs: 0, jobIntervalMs: 0, clock });
  const app = await buildApp({ deps: depsOf(runtime.deps), publicUrl: PUBLIC_URL, sandbox: runtime.sandbox, logLevel: 'silent' });
  return {
    app,
    runtime,
    publicUrl: PUBLIC_URL,
    nowSeconds: () => Math.floor(clock.now().getTime() / 1000),
    advance: (seconds) => clock.advance(seconds),
    post: async (path, headers, body) => replyOf(await app.inject({ method: 'POST', url: path, headers: { ...headers }, payload: body })),
    api: async (method, path, fields = {}) => replyOf(await app.inject({
      method,
      url: path,
      headers: { authorization: MAIN_AUTH, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      payload: method === 'POST' ? form(fields) : undefined,
    })),
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
};

/**
 * The accounts as an instance sees them when it dies while sending: every send and bridge by API starts
 * (`started` is called) and never finishes, as if the process were killed waiting for the carrier.
 */
const sendsThatNeverFinish = (accounts: CarrierAccounts, started: () => void): CarrierAccounts => {
  const hang = (): Promise<never> => {
    started();
    return new Promise<never>(() => undefined);
  };
  const dying = (account: CarrierAccount): CarrierAccount => ({ ...account, messaging: { send: hang }, voice: account.voice ? { bridge: hang } : null });
  return {
    get: (name) => dying(accounts.get(name)),
    find: (name) => {
      const account = accounts.find(name);
      return account ? dying(account) : null;
    },
    names: () => accounts.names(),
  };
};

export interface DyingInstance {
  readonly masq: MasqEndpoint;
  /** Settles once the instance has started a send by API (its transaction is committed by then). */
  readonly sendStarted: Promise<void>;
}

export interface World {
  readonly masq: Masq;
  /** The drivers' instances, in the order the drivers were given. */
  readonly carriers: readonly DriverInstance[];
  /** The carrier account of that name. */
  carrier(name: string): DriverInstance;
  /** Another masq instance on the same database, whose sends by API never finish (it dies mid-send). */
  dyingInstance(): Promise<DyingInstance>;
}

/**
 * Runs `scenario` in a world of its own (fresh database, fresh fakes) and tears it all down after.
 * `depsOf` adjusts the main instance's dependencies (a webhook sender that may call loopback apps...).
 */
export const inWorld = async (
  db: Database, drivers: readonly CarrierDriver[], scenario: (world: World) => Promise<void>, depsOf: (deps: AppDeps) => AppDeps = (d) => d,
): Promise<void> => {
  const { url, drop } = await db.create();
  const carriers: DriverInstance[] = [];
  const instances: Masq[] = [];
  try {
    for (const driver of drivers) carriers.push(await driver.start());
    const accounts = carriers.flatMap((c) => (c.account ? [c.account] : []));
    const clock = new MutableClock();
    const masq = await startMasq(url, accounts, clock, depsOf);
    instances.push(masq);
    await scenario({
      masq,
      carriers,
      carrier: (name) => {
        const found = carriers.find((c) => c.accountName === name);
        if (!found) throw new Error(`no carrier account named ${name} in this world`);
        return found;
      },
      dyingInstance: async () => {
        let started = (): void => undefined;
        const sendStarted = new Promise<void>((resolve) => { started = resolve; });
        const dying = await startMasq(url, accounts, clock, (deps) => ({ ...deps, carriers: sendsThatNeverFinish(deps.carriers, started) }));
        instances.push(dying);
        return { masq: dying, sendStarted };
      },
    });
  } finally {
    for (const instance of instances.reverse()) await instance.close();
    for (const carrier of carriers) await carrier.close();
    await drop();
  }
};
